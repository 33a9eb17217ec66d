import { formatWanYuan } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import type { SocialInsuranceAttributes } from './attributes.ts';
import type { SocialInsuranceSettings } from './settings.ts';

/** The budget plan balances, or its deficit is covered by the accumulated balance. */
export const balancedBudgetCheck = reviewCheck<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'balanced-budget',
  name: '基金预算收支平衡',
  source: '《预算法》第十一条；财社〔2022〕65号（OT-5）',
  appliesTo: 'targets',
  run({ attributes: a }) {
    if (a.incomeFen === undefined || a.expenditureFen === undefined) {
      return { outcome: 'warn', reasons: ['未填写基金预算收入或支出，无法核对收支平衡'] };
    }
    const gap = a.expenditureFen - a.incomeFen;
    if (gap <= 0) return { outcome: 'pass', reasons: [] };
    if (a.accumulatedBalanceFen !== undefined && gap <= a.accumulatedBalanceFen) {
      return {
        outcome: 'warn',
        reasons: [
          `预算支出大于收入${formatWanYuan(gap)}，需动用累计结余弥补（累计结余${formatWanYuan(a.accumulatedBalanceFen)}）`,
        ],
      };
    }
    return {
      outcome: 'fail',
      reasons: [`预算收支缺口${formatWanYuan(gap)}，累计结余不足以弥补，须明确资金来源`],
    };
  },
});

/** OT-5: targets aim at actuarial balance, so a sustainability indicator is required. */
export const sustainabilityIndicatorCheck = reviewCheck<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'sustainability-indicator',
  name: '设置基金可持续指标',
  source: '财社〔2022〕65号（OT-5 精算平衡、防范风险）',
  appliesTo: 'targets',
  run({ target }) {
    const ok = (target?.indicators ?? []).some((i) => i.level1 === 'benefit' && i.level2 === 'sustainable');
    return ok
      ? { outcome: 'pass', reasons: [] }
      : {
          outcome: 'fail',
          reasons: ['绩效目标缺少可持续影响指标（如基金累计结余可支付月数、当期收支平衡率）'],
        };
  },
});

export const reviewChecks = [balancedBudgetCheck, sustainabilityIndicatorCheck];
