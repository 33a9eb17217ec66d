import type { Permission } from '@jixiao/core';
import { requirePermission } from '@jixiao/db';
import type { App } from '../env.ts';

type Method = 'POST' | 'PUT' | 'PATCH';

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
  ['POST', '/evaluation-results', 'results.record'],
  ['POST', '/budget-proposals/compute', 'results.apply'],
  ['POST', '/budget-proposals/what-if', 'results.apply'],
  ['PATCH', '/budget-proposals/{id}/lines/{itemId}', 'results.apply'],
  ['POST', '/budget-proposals/{id}/issue', 'results.apply'],
  ['POST', '/policy-exit/decisions', 'results.apply'],
  ['POST', '/transfer-allocations/preview', 'results.apply'],
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
