import { EX_ANTE_CONCLUSIONS, formatTimes } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { coverageOf, type DebtAttributes } from './attributes.ts';
import type { DebtSettings } from './settings.ts';

/** EA-5 / DB-3: special-bond projects need an ex-ante assessment and a balanced financing plan. */
export const specialBondExAnteCheck = reviewCheck<DebtAttributes, DebtSettings>({
  id: 'special-bond-ex-ante',
  name: '专项债项目事前绩效评估',
  source: '财预〔2021〕61号（DB-3、EA-5）',
  appliesTo: 'ex_ante',
  run({ attributes: a, exAnte }, { settings }) {
    if (a.bondType !== 'special') return { outcome: 'pass', reasons: [] };
    const reasons: string[] = [];
    if (!exAnte) reasons.push('专项债券项目须开展事前绩效评估，并将评估情况纳入项目实施方案');
    else if (exAnte.conclusion === 'reject')
      reasons.push(`事前绩效评估结论为“${EX_ANTE_CONCLUSIONS.labels.reject}”`);
    const coverage = coverageOf(a);
    const min = settings.minSelfBalanceCoverage;
    if (coverage !== null && coverage < min) {
      reasons.push(
        `项目收益覆盖融资本息${formatTimes(coverage)}，未实现收益与融资自求平衡（须≥${formatTimes(min)}）`,
      );
    }
    if (reasons.length > 0) return { outcome: 'fail', reasons };
    if (coverage === null)
      return { outcome: 'warn', reasons: ['未填写项目预期收益或融资本息，无法测算收益与融资平衡情况'] };
    return { outcome: 'pass', reasons: [] };
  },
});

/** DB-3: targets include 产出, 效益, 满意度, 融资成本 and 偿债风险. */
export const specialBondTargetsCheck = reviewCheck<DebtAttributes, DebtSettings>({
  id: 'special-bond-targets',
  name: '专项债绩效目标完整性',
  source: '财预〔2021〕61号（DB-3）',
  appliesTo: 'targets',
  run({ attributes: a, target }) {
    if (a.bondType !== 'special') return { outcome: 'pass', reasons: [] };
    const indicators = target?.indicators ?? [];
    const missing: string[] = [];
    if (!indicators.some((i) => i.level1 === 'output')) missing.push('产出指标');
    if (!indicators.some((i) => i.level1 === 'benefit')) missing.push('效益指标');
    if (!indicators.some((i) => i.level1 === 'satisfaction')) missing.push('满意度指标');
    if (!indicators.some((i) => i.name.includes('融资成本'))) missing.push('融资成本指标');
    if (!indicators.some((i) => i.name.includes('偿债'))) missing.push('偿债风险指标');
    return missing.length === 0
      ? { outcome: 'pass', reasons: [] }
      : { outcome: 'fail', reasons: [`专项债券项目绩效目标缺少：${missing.join('、')}`] };
  },
});

export const reviewChecks = [specialBondExAnteCheck, specialBondTargetsCheck];
