import {
  type AssessmentStatus,
  type ExAnteConclusion,
  exAnteRequirement,
  type PolicyConfig,
  scoreAssessment,
} from '@jixiao/core';
import type { DemoItem } from './generate.ts';
import { daysBefore, eventOn, orgOf, type PlanContext, pad } from './plan-context.ts';
import type { Random } from './random.ts';
import type { DemoAssessment, DemoInstitution } from './workflows.ts';

const CHANGE_POOL = [
  '压减设备购置预算约10%，按市场询价重新测算',
  '补充项目建成后运营维护资金来源和管护主体',
  '细化分年度实施计划，明确各阶段产出',
  '补充同类项目单位成本对比分析',
];

const CHANGE_RESPONSES = [
  '已按询价结果压减设备购置预算，调整后概算已报财政部门',
  '已明确由项目单位负责运维，运维经费纳入部门年度预算',
  '已细化为分季度实施计划并作为实施方案附件',
  '已补充周边县区同类项目单位成本对比，测算依据见附件',
];

/** Scores of the five dimensions adding up to `total` (each within its 20 points). */
function scoresFor(total: number, config: PolicyConfig, rng: Random): Record<string, number> {
  const dims = config.exAnte.dimensions;
  const base = Math.floor((total / dims.length) * 2) / 2;
  const scores: Record<string, number> = {};
  let left = total;
  dims.forEach((d, i) => {
    const last = i === dims.length - 1;
    const s = last ? left : Math.min(d.weight, Math.max(0, base + (rng.chance(0.5) ? 0.5 : -0.5)));
    scores[d.id] = Math.min(d.weight, Math.round(s * 2) / 2);
    left -= scores[d.id] as number;
  });
  return scores;
}

const TOTALS: Record<ExAnteConclusion, readonly [number, number]> = {
  support: [82, 94],
  support_after_revision: [64, 78],
  reject: [42, 56],
};

function findingsFor(name: string, conclusion: ExAnteConclusion): string {
  const what = name.replace(/^\d{4}年/, '');
  switch (conclusion) {
    case 'support':
      return `${what}符合部门职责和发展规划，需求测算依据充分，投入成本与同类项目相当，实施方案和资金来源明确，建议予以支持。`;
    case 'support_after_revision':
      return `${what}立项必要，但投入测算偏高、运维资金来源不明确，建议按所列事项调整完善后予以支持。`;
    case 'reject':
      return `${what}与现有项目交叉重复，需求测算依据不足，投入产出不匹配，筹资方案存在不确定性，建议不予支持。`;
  }
}

function assessmentFor(
  p: PlanContext,
  item: DemoItem,
  status: AssessmentStatus,
  conclusion: ExAnteConclusion,
  opts: { thirdParty?: boolean; answered?: boolean; on: string },
): DemoAssessment {
  const { rng, config, people } = p;
  const region = orgOf(p.city, item.orgKey).regionKey;
  const admin = people.financeAdmin(region);
  const inst = opts.thirdParty
    ? (p.institutions[rng.int(0, p.institutions.length - 1)] as DemoInstitution)
    : null;
  const assessorUser = inst ? people.evaluator(inst.orgKey) : people.officer(item.orgKey);
  const total = Math.round(rng.between(...TOTALS[conclusion]));
  const scores = status === 'draft' ? { necessity: 17, economy: 15 } : scoresFor(total, config, rng);
  const scored = scoreAssessment({ scores, verdicts: {}, conclusion: null }, [], config);
  const changes =
    conclusion === 'support_after_revision' && status !== 'draft'
      ? [0, 1].map((i) => ({
          text: CHANGE_POOL[(item.code.length + i) % CHANGE_POOL.length] as string,
          response: null as string | null,
        }))
      : [];
  if (opts.answered) {
    for (const [i, c] of changes.entries()) {
      c.response = CHANGE_RESPONSES[(item.code.length + i) % CHANGE_RESPONSES.length] as string;
    }
  }
  const submitted = status !== 'draft';
  const reviewed = status === 'accepted' || status === 'returned';
  return {
    status,
    assessor: inst ? 'third_party' : 'department',
    institutionKey: inst?.key ?? null,
    scores,
    findings: status === 'draft' ? '' : findingsFor(item.name, scored.conclusion),
    totalScore: scored.total,
    computedConclusion: scored.computedConclusion,
    conclusion: status === 'draft' ? null : scored.conclusion,
    overrideReason: null,
    requiredChanges: changes,
    createdByKey: inst ? admin.key : assessorUser.key,
    submittedByKey: submitted ? assessorUser.key : null,
    submittedOn: submitted ? daysBefore(opts.on, 5) : null,
    reviewedByKey: reviewed ? admin.key : null,
    reviewedOn: reviewed ? opts.on : null,
    reviewComment:
      status === 'returned'
        ? '投入经济性论证不充分，请补充同类项目成本对比和资金测算明细后重新提交。'
        : status === 'accepted'
          ? '同意评估结论。'
          : null,
    round: status === 'returned' ? 2 : 1,
  };
}

const PRE_BUDGET = new Set(['draft', 'assessed', 'targets_submitted', 'targets_approved']);

/** Assessments: a few drafts carry one of each state; every item past 编制中 that must be assessed has an accepted one. */
export function planAssessments(p: PlanContext): void {
  const { city, config, rng } = p;
  // Assessments: a few drafts carry one of each state; every item past 编制中 that must be assessed has an accepted one.
  const drafts = city.items.filter((i) => i.state === 'draft').slice(0, 6);
  const scenario: Array<[AssessmentStatus, ExAnteConclusion, boolean]> = [
    ['draft', 'support', false],
    ['submitted', 'support', true],
    ['returned', 'support', false],
    ['accepted', 'reject', true],
    ['submitted', 'support_after_revision', false],
    ['draft', 'support', true],
  ];
  drafts.forEach((item, i) => {
    const [status, conclusion, thirdParty] = scenario[i] as [AssessmentStatus, ExAnteConclusion, boolean];
    item.isNewMajor = true;
    item.assessment = assessmentFor(p, item, status, conclusion, {
      thirdParty,
      on: `${item.currentFiscalYear - 1}-11-${pad(10 + i)}`,
    });
    if (status !== 'accepted' && item.target) item.target.status = 'draft';
  });
  let openChangesLeft = 1;
  for (const item of city.items) {
    if (item.state === 'draft' || item.assessment) continue;
    const required = exAnteRequirement(
      {
        isNewMajor: item.isNewMajor,
        isNew: item.isNew ?? false,
        isCapitalConstruction: item.isCapitalConstruction ?? false,
        approvedAmountFen: item.approvedAmountFen,
        requiredByFinance: null,
      },
      config,
    ).required;
    if (!required) continue;
    const conclusion: ExAnteConclusion =
      item.exAnte?.conclusion ?? (rng.chance(0.85) ? 'support' : 'support_after_revision');
    const beforeBudget = PRE_BUDGET.has(item.state);
    const answered = !(beforeBudget && conclusion === 'support_after_revision' && openChangesLeft-- > 0);
    const on = eventOn(item, 'assess') ?? `${item.currentFiscalYear - 1}-11-${pad(rng.int(1, 18))}`;
    item.assessment = assessmentFor(p, item, 'accepted', conclusion, {
      thirdParty: rng.chance(0.3),
      answered,
      on,
    });
    if (!eventOn(item, 'assess') && (item.events[0]?.from ?? 'draft') === 'draft') {
      item.events.unshift({ action: 'assess', from: 'draft', to: 'assessed', on, reason: null });
      for (const e of item.events.slice(1, 2)) if (e.from === 'draft') e.from = 'assessed';
    }
  }
}
