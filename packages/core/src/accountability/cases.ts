import { hasPermission } from '../permissions.ts';
import type { Role } from '../vocabulary.ts';

/**
 * 问责 (seed §十五、§十八: 花钱必问效、无效必问责; 发现违纪违法问题线索应当及时移送纪检监察机关): a case opened
 * from a finding names the people who answered at the time, collects the record of who decided
 * what, is concluded with an outcome, or referred to the discipline inspection commission.
 */
export const CASE_STATUSES = ['open', 'concluded', 'referred', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  open: '调查中',
  concluded: '已作出处理',
  referred: '已移送纪检监察机关',
  withdrawn: '已撤销',
};

export const CASE_SOURCES = ['distortion', 'unrectified', 'evaluation_finding', 'loss', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const CASE_SOURCE_LABELS: Readonly<Record<CaseSource, string>> = {
  distortion: '自评失真',
  unrectified: '问题整改不到位',
  evaluation_finding: '评价发现问题',
  loss: '资金损失浪费',
  other: '其他',
};

export const CASE_OUTCOMES = [
  'no_liability',
  'criticism',
  'admonishment',
  'disciplinary',
  'budget_cut',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_OUTCOME_LABELS: Readonly<Record<CaseOutcome, string>> = {
  no_liability: '经核实不予追责',
  criticism: '批评教育、责令检查',
  admonishment: '诫勉谈话',
  disciplinary: '建议给予党纪政务处分',
  budget_cut: '扣减或暂停相关预算',
};

export type CaseAction = 'conclude' | 'refer' | 'withdraw';

const CASE_ACTION_LABELS: Readonly<Record<CaseAction, string>> = {
  conclude: '作出处理',
  refer: '移送纪检监察机关',
  withdraw: '撤销问责',
};

export type CaseDecision =
  | { ok: true; to: CaseStatus }
  | { ok: false; code: 'not_allowed' | 'conflict' | 'invalid_input'; field?: string; message: string };

/** Decides a case action; never throws. Only the finance bureau (accountability.manage) acts on cases. */
export function decideCaseAction(
  action: CaseAction,
  facts: { status: CaseStatus; roles: readonly Role[]; outcome?: CaseOutcome | null; reason?: string | null },
): CaseDecision {
  if (!hasPermission(facts.roles, 'accountability.manage')) {
    return { ok: false, code: 'not_allowed', message: `您的角色无权${CASE_ACTION_LABELS[action]}` };
  }
  if (facts.status !== 'open') {
    return {
      ok: false,
      code: 'conflict',
      message: `问责事项当前为“${CASE_STATUS_LABELS[facts.status]}”，不能${CASE_ACTION_LABELS[action]}`,
    };
  }
  if (!facts.reason?.trim()) {
    return {
      ok: false,
      code: 'invalid_input',
      field: 'reason',
      message: `${CASE_ACTION_LABELS[action]}须写明理由`,
    };
  }
  if (action === 'conclude' && !facts.outcome) {
    return { ok: false, code: 'invalid_input', field: 'outcome', message: '作出处理须选择处理结果' };
  }
  return {
    ok: true,
    to: action === 'conclude' ? 'concluded' : action === 'refer' ? 'referred' : 'withdrawn',
  };
}
