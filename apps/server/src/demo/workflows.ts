import type {
  AssessmentStatus,
  Assessor,
  ContentChanges,
  DepartmentIndicatorInput,
  ExAnteConclusion,
  PolicyConfig,
  ReviewCriterion,
  TargetVersionKind,
  TargetVersionStatus,
} from '@jixiao/core';
import type { DemoIndicator } from './generate.ts';
import { DEMO_LIBRARY, type DemoLibraryEntry, INSTITUTION_DETAILS } from './library-catalog.ts';
import { planAssessments } from './plan-assessments.ts';
import { type CityPlan, People, type PlanContext } from './plan-context.ts';
import { planIndicators } from './plan-indicators.ts';
import { departmentTargets, planApprovals } from './plan-issuance.ts';
import { planCycleTargets, planTargetReviews } from './plan-reviews.ts';
import { Random } from './random.ts';

export interface DemoAssessment {
  status: AssessmentStatus;
  assessor: Assessor;
  institutionKey: string | null;
  scores: Record<string, number>;
  findings: string;
  totalScore: number | null;
  computedConclusion: ExAnteConclusion | null;
  conclusion: ExAnteConclusion | null;
  overrideReason: string | null;
  requiredChanges: Array<{ text: string; response: string | null }>;
  createdByKey: string;
  submittedByKey: string | null;
  submittedOn: string | null;
  reviewedByKey: string | null;
  reviewedOn: string | null;
  reviewComment: string | null;
  round: number;
}

/** A target's content as versions keep it (indicator lines by position). */
export interface DemoTargetContent {
  overallGoal: string;
  indicators: DemoIndicator[];
}

export interface DemoTargetVersion {
  version: number;
  kind: TargetVersionKind;
  status: TargetVersionStatus;
  content: DemoTargetContent;
  changes: (ContentChanges & { since: number }) | null;
  quality: Array<{ rule: string; severity: 'block' | 'flag'; position: number | null; message: string }>;
  reason: string | null;
  submittedByKey: string;
  submittedOn: string;
  reviewedByKey: string | null;
  reviewedOn: string | null;
  criteria: Partial<Record<ReviewCriterion, { met: boolean; note?: string }>> | null;
  comments: Array<{ indicator: string; comment: string }>;
  opinion: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** The 批复 that issued it. */
  approvalKey: string | null;
}

export interface DemoDepartmentTarget {
  orgKey: string;
  fiscalYear: number;
  overallGoal: string;
  indicators: DepartmentIndicatorInput[];
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  versions: Array<
    Omit<DemoTargetVersion, 'content' | 'quality'> & {
      content: { overallGoal: string; indicators: DepartmentIndicatorInput[] };
    }
  >;
}

export interface DemoApproval {
  key: string;
  number: string;
  orgKey: string;
  fiscalYear: number;
  approvedOn: string;
  approvedByKey: string;
  itemCodes: string[];
  /** The department-wide target issued with it. */
  departmentTarget: boolean;
}

export interface DemoInstitution {
  key: string;
  name: string;
  credentials: string;
  creditCode: string;
  orgKey: string;
}

/** The performance-management records of the demo city beyond its items. */
export interface DemoWorkflows {
  institutions: DemoInstitution[];
  library: readonly DemoLibraryEntry[];
  departmentTargets: DemoDepartmentTarget[];
  approvals: DemoApproval[];
}

/**
 * Fills the demo city's performance workflows (with its own random stream, so the items, payments
 * and reports the generator planned stay as they are): sectors and library links, ex-ante
 * assessments in every state (one 不予支持 whose item gets no budget), targets in every review
 * state with real comments and adjustments, department-wide targets, and the 批复 that issued
 * the budgets with their targets.
 */
export function planWorkflows(city: CityPlan, config: PolicyConfig, seed: number): DemoWorkflows {
  const rng = new Random(seed);
  const people = new People(city);
  const institutions: DemoInstitution[] = city.orgs
    .filter((o) => o.kind === 'third_party')
    .map((o) => ({
      key: o.key,
      name: o.name,
      credentials: INSTITUTION_DETAILS[o.name]?.credentials ?? '第三方机构库入库机构',
      creditCode:
        INSTITUTION_DETAILS[o.name]?.creditCode ??
        `91360200${o.key.replace(/\W/g, '').padEnd(10, '0').slice(0, 10)}`,
      orgKey: o.key,
    }));
  const libraryIds = new Map(DEMO_LIBRARY.map((e, i) => [e.key, i + 1]));
  const libraryRanges = new Map(
    DEMO_LIBRARY.map(
      (e, i) => [i + 1, { referenceMin: e.referenceMin, referenceMax: e.referenceMax }] as const,
    ),
  );
  const p: PlanContext = { city, config, rng, people, institutions, libraryRanges, libraryIds };

  planIndicators(p);
  planAssessments(p);
  planCycleTargets(p);
  planTargetReviews(p);
  const departmentTargetsPlan = departmentTargets(p, city.fiscalYear);
  const approvals = planApprovals(p, departmentTargetsPlan);
  return { institutions, library: DEMO_LIBRARY, departmentTargets: departmentTargetsPlan, approvals };
}
