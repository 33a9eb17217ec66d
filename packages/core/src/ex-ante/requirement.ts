import { formatWanYuan } from '../money.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { EX_ANTE_CONCLUSIONS, type ExAnteConclusion } from '../vocabulary.ts';

/** The facts about an item that decide whether it must be assessed ex ante. */
export interface ExAnteScopeFacts {
  isNewMajor: boolean;
  /** 新增 (not a continuing item). */
  isNew: boolean;
  isCapitalConstruction: boolean;
  approvedAmountFen: number;
  /** The finance bureau required an assessment of this item, with its reason. */
  requiredByFinance: string | null;
}

export interface ExAnteRequirement {
  required: boolean;
  /** Why, in Chinese, one line per ground (empty when not required). */
  reasons: string[];
}

/**
 * Whether an item must have an ex-ante assessment (EA-2, EA-6; 景党发〔2019〕18号§六): new major
 * policies and projects, new items at or above the configured amount, new basic-construction
 * investment, and any item the finance bureau names.
 */
export function exAnteRequirement(f: ExAnteScopeFacts, config: PolicyConfig): ExAnteRequirement {
  const scope = config.exAnte.scope;
  const reasons: string[] = [];
  if (scope.newMajor && f.isNewMajor) reasons.push('新出台重大政策、项目');
  if (f.isNew && f.approvedAmountFen >= scope.newItemMinFen) {
    reasons.push(
      `新增项目，金额${formatWanYuan(f.approvedAmountFen)}达到${formatWanYuan(scope.newItemMinFen)}`,
    );
  }
  if (scope.newCapitalConstruction && f.isNew && f.isCapitalConstruction)
    reasons.push('新增基本建设投资项目');
  if (f.requiredByFinance) reasons.push(`财政部门要求评估：${f.requiredByFinance}`);
  return { required: reasons.length > 0, reasons };
}

/** Where an item's required assessment stands, as the budget gate sees it. */
export interface ExAnteGateFacts {
  required: boolean;
  /** Conclusion of the latest assessment the finance bureau accepted. */
  acceptedConclusion: ExAnteConclusion | null;
  /** 调整完善 changes not yet answered by the department. */
  openChanges: number;
}

/**
 * EA-2 / EA-8: the accepted assessment is a required element (必备要件) of the budget. Null when
 * the budget may be arranged, else the Chinese reason it may not.
 */
export function exAnteBudgetRefusal(f: ExAnteGateFacts): string | null {
  if (!f.required) return null;
  if (f.acceptedConclusion === null) {
    return '该项目须开展事前绩效评估，评估结论经财政审核后方可安排预算（必备要件）';
  }
  if (f.acceptedConclusion === 'reject') {
    return `事前绩效评估结论为“${EX_ANTE_CONCLUSIONS.labels.reject}”，不得安排预算`;
  }
  if (f.acceptedConclusion === 'support_after_revision' && f.openChanges > 0) {
    return `事前绩效评估结论为“${EX_ANTE_CONCLUSIONS.labels.support_after_revision}”，尚有${f.openChanges}项调整完善意见未答复`;
  }
  return null;
}

/**
 * EA-2: an item that must be assessed sends its targets only after the finance bureau accepted a
 * supporting assessment. Null when it may.
 */
export function exAnteTargetRefusal(
  f: Pick<ExAnteGateFacts, 'required' | 'acceptedConclusion'>,
): string | null {
  if (!f.required) return null;
  if (f.acceptedConclusion === 'reject') {
    return `事前绩效评估结论为“${EX_ANTE_CONCLUSIONS.labels.reject}”，不得报送绩效目标、不得安排预算`;
  }
  if (f.acceptedConclusion === null) return '该项目须先完成事前绩效评估并经财政审核，才能报送绩效目标';
  return null;
}
