import { formatShare } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { type GeneralBudgetAttributes, growthTargetOf } from './attributes.ts';
import type { GeneralBudgetSettings } from './settings.ts';
import { micro } from './share-math.ts';

/** F-4 / 预算法第三十二条: a realistic revenue target. */
export const revenueTargetRealismCheck = reviewCheck<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'revenue-target-realism',
  name: '收入预期与经济增长相协调',
  source: '《预算法》第三十二条；中发〔2018〕34号（F-4）',
  appliesTo: 'targets',
  run({ attributes: a }, { settings }) {
    if (a.side !== 'revenue') return { outcome: 'pass', reasons: [] };
    const target = growthTargetOf(a);
    const gdp = a.expectedGdpGrowth;
    if (target === null || gdp === undefined) {
      return { outcome: 'warn', reasons: ['收入预算未填写增长预期或经济增长预期，无法判断收入预期是否合理'] };
    }
    const max = settings.revenueGrowthMaxExcess;
    if (micro(target) - micro(gdp) > micro(max)) {
      return {
        outcome: 'fail',
        reasons: [
          `收入增长预期${formatShare(target)}高于经济增长预期${formatShare(gdp)}超过${formatShare(max)}，请调整收入预算`,
        ],
      };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

const TAX_PREFERENCE_WORDS = ['减税', '降费', '税收优惠'];

/** F-4: the effect of tax preferences is part of revenue-side performance. */
export const taxPreferenceEffectCheck = reviewCheck<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'tax-preference-effect',
  name: '减税降费效果目标',
  source: '中发〔2018〕34号（F-4 税收优惠政策效果）',
  appliesTo: 'targets',
  run({ attributes: a, target }) {
    if (a.side !== 'revenue' || !a.taxPreferenceFen) return { outcome: 'pass', reasons: [] };
    const reasons: string[] = [];
    const hasIndicator = (target?.indicators ?? []).some(
      (i) => i.level1 === 'benefit' && TAX_PREFERENCE_WORDS.some((w) => i.name.includes(w)),
    );
    if (!hasIndicator) reasons.push('安排了减税降费，但绩效目标没有反映其效果的效益指标');
    if (a.taxPreferenceEvaluated === false) reasons.push('减税降费政策尚未开展效果评估');
    return reasons.length === 0 ? { outcome: 'pass', reasons: [] } : { outcome: 'warn', reasons };
  },
});

export const reviewChecks = [revenueTargetRealismCheck, taxPreferenceEffectCheck];
