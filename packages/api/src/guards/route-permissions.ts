import type { Permission } from '@jixiao/core';
import { requirePermission } from '@jixiao/db';
import type { App } from '../env.ts';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Write routes and the permission each needs whoever the data belongs to. Checked right after
 * authentication, before the body is read: a caller who may not do this at all is refused
 * without the server reading, let alone parsing, what they sent. (Where the permission reaches
 * is checked later, by the service, against the data itself.)
 */
export const ROUTE_PERMISSIONS: ReadonlyArray<readonly [Method, string, Permission]> = [
  ['POST', '/import', 'import'],
  ['POST', '/items', 'items.write'],
  ['PATCH', '/items/{id}', 'items.write'],
  ['PUT', '/items/{id}/targets', 'targets.write'],
  ['POST', '/targets/import', 'targets.write'],
  ['POST', '/target-reviews/{id}/answers', 'targets.write'],
  ['POST', '/items/{id}/targets/import', 'targets.write'],
  ['POST', '/org-units/{orgUnitId}/department-target/import', 'targets.write'],
  ['POST', '/items/{id}/payments', 'payments.write'],
  ['POST', '/items/{id}/indicator-reports', 'reports.write'],
  ['POST', '/regions', 'master_data.write'],
  ['POST', '/org-units', 'master_data.write'],
  ['POST', '/users', 'users.write'],
  ['POST', '/monitoring/runs', 'monitoring.run'],
  ['POST', '/warnings/{id}/acknowledge', 'warnings.acknowledge'],
  ['POST', '/warnings/{id}/escalate', 'warnings.manage'],
  ['POST', '/warnings/{id}/resolve', 'warnings.manage'],
  ['POST', '/warnings/{id}/sanctions', 'warnings.manage'],
  ['POST', '/rectifications', 'rectifications.manage'],
  ['POST', '/rectifications/{id}/submit', 'rectifications.submit'],
  ['POST', '/rectifications/{id}/review', 'rectifications.manage'],
  ['POST', '/attachments', 'attachments.write'],
  ['POST', '/items/{id}/handovers', 'items.write'],
  ['POST', '/org-units/{id}/head-handovers', 'accountability.manage'],
  ['POST', '/accountability-cases', 'accountability.manage'],
  ['POST', '/accountability-cases/{id}/decision', 'accountability.manage'],
  ['POST', '/tokens', 'tokens.manage'],
  ['POST', '/experts', 'evaluations.manage'],
  ['PATCH', '/experts/{id}', 'evaluations.manage'],
  ['POST', '/experts/{id}/work', 'evaluations.manage'],
  ['POST', '/experts/{id}/ratings', 'evaluations.manage'],
  ['POST', '/experts/{id}/status', 'evaluations.manage'],
  ['PATCH', '/institutions/{id}/library', 'evaluations.manage'],
  ['POST', '/institutions/{id}/work', 'evaluations.manage'],
  ['POST', '/institutions/{id}/ratings', 'evaluations.manage'],
  ['POST', '/institutions/{id}/status', 'evaluations.manage'],
  ['POST', '/evaluations', 'evaluations.manage'],
  ['POST', '/evaluations/{id}/experts', 'evaluations.manage'],
  ['POST', '/evaluations/{id}/accept', 'evaluations.manage'],
  ['POST', '/evaluations/{id}/return', 'evaluations.manage'],
  ['POST', '/evaluations/{id}/cancel', 'evaluations.manage'],
  ['PUT', '/evaluations/{id}/scores', 'evaluations.score'],
  ['PUT', '/regions/{id}/fiscal-facts/{year}', 'evaluations.manage'],
  ['POST', '/publications', 'publications.manage'],
  ['PUT', '/publications/{id}/selection', 'publications.manage'],
  ['POST', '/publications/{id}/submit', 'publications.manage'],
  ['POST', '/publications/{id}/review', 'publications.review'],
  ['POST', '/public-feedback/{id}/reply', 'targets.write'],
  ['POST', '/management-assessments', 'management_work.assess'],
  ['POST', '/management-assessments/{id}/interviews', 'management_work.assess'],
  ['PUT', '/regions/{id}/target-deadlines/{year}', 'management_work.assess'],
  ['POST', '/self-evaluations', 'self_evaluations.submit'],
  ['POST', '/self-evaluations/prepare-year', 'self_evaluations.review'],
  ['PUT', '/self-evaluations/{id}', 'self_evaluations.submit'],
  ['POST', '/self-evaluations/{id}/xlsx', 'self_evaluations.submit'],
  ['POST', '/self-evaluations/{id}/submit', 'self_evaluations.submit'],
  ['POST', '/self-evaluations/{id}/confirm', 'self_evaluations.confirm'],
  ['POST', '/self-evaluations/{id}/accept', 'self_evaluations.review'],
  ['POST', '/department-self-evaluations', 'self_evaluations.submit'],
  ['PUT', '/department-self-evaluations/{id}', 'self_evaluations.submit'],
  ['POST', '/department-self-evaluations/{id}/xlsx', 'self_evaluations.submit'],
  ['POST', '/department-self-evaluations/{id}/submit', 'self_evaluations.submit'],
  ['POST', '/department-self-evaluations/{id}/confirm', 'self_evaluations.confirm'],
  ['POST', '/department-self-evaluations/{id}/accept', 'self_evaluations.review'],
  ['POST', '/budget-adjustments', 'budgets.approve'],
  ['POST', '/spot-checks', 'spot_checks.manage'],
  ['POST', '/spot-checks/{id}/entries/{entryId}/review', 'spot_checks.review'],
  ['POST', '/spot-checks/{id}/entries/{entryId}/reviewer', 'spot_checks.manage'],
  ['POST', '/spot-checks/{id}/entries/{entryId}/expert-review', 'evaluations.score'],
  ['POST', '/evaluation-results', 'results.record'],
  ['POST', '/budget-proposals/compute', 'results.apply'],
  ['POST', '/budget-proposals/what-if', 'results.apply'],
  ['PATCH', '/budget-proposals/{id}/lines/{itemId}', 'results.apply'],
  ['POST', '/budget-proposals/{id}/issue', 'results.apply'],
  ['POST', '/policy-exit/decisions', 'results.apply'],
  ['POST', '/transfer-allocations/preview', 'results.apply'],
  ['PUT', '/assessments/{id}', 'assessments.write'],
  ['POST', '/assessments/{id}/report', 'attachments.write'],
  ['POST', '/assessments/{id}/submit', 'assessments.write'],
  ['POST', '/assessments/{id}/accept', 'assessments.review'],
  ['POST', '/assessments/{id}/return', 'assessments.review'],
  ['POST', '/assessments/{id}/responses', 'assessments.write'],
  ['POST', '/items/{id}/ex-ante/requirement', 'assessments.review'],
  ['POST', '/institutions', 'institutions.manage'],
  ['PATCH', '/institutions/{id}', 'institutions.manage'],
  ['POST', '/indicator-library', 'indicator_library.manage'],
  ['PATCH', '/indicator-library/{id}', 'indicator_library.manage'],
  ['DELETE', '/indicator-library/{id}', 'indicator_library.manage'],
  ['POST', '/items/{id}/targets/submit', 'targets.write'],
  ['POST', '/items/{id}/targets/adjustments', 'targets.write'],
  ['POST', '/target-reviews/{id}/approve', 'targets.review'],
  ['POST', '/target-reviews/{id}/return', 'targets.review'],
  ['POST', '/target-reviews/quality-run', 'targets.review'],
  ['PUT', '/org-units/{orgUnitId}/department-target', 'targets.write'],
  ['POST', '/department-targets/{id}/submit', 'targets.write'],
  ['POST', '/budget-approvals', 'budgets.approve'],
  ['DELETE', '/evaluations/{id}/experts/{expertId}', 'evaluations.manage'],
];

/** Registers the checks on the /api/v1 app, before the routes and the body guard. */
export function registerRoutePermissions(api: App): void {
  for (const [method, path, permission] of ROUTE_PERMISSIONS) {
    api.on(method, path.replace(/\{(\w+)\}/g, ':$1'), async (c, next) => {
      requirePermission(c.get('actor'), permission);
      await next();
    });
  }
}
