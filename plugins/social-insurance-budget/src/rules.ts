import { formatDecimal, formatShare, formatWanYuan } from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import { FUND_KIND_LABELS, payableMonthsOf, type SocialInsuranceAttributes } from './attributes.ts';
import type { SocialInsuranceSettings } from './settings.ts';

/** OT-5 risk prevention: months of payments the accumulated balance covers. */
export const payableMonthsRule = itemRule<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'payable-months',
  inputs: ['attributes'],
  name: '基金累计结余可支付月数偏低',
  source: '财社〔2022〕65号（OT-5 防范基金运行风险）',
  evaluate({ attributes: a }, { settings }) {
    const m = payableMonthsOf(a);
    const { payableMonthsRed: red, payableMonthsYellow: yellow } = settings;
    if (m === null || m >= yellow) return [];
    const fund = FUND_KIND_LABELS[a.fundKind];
    const details = {
      accumulatedBalanceFen: a.accumulatedBalanceFen,
      payableMonths: m,
      redBelow: red,
      yellowBelow: yellow,
    };
    const figures = `${fund}累计结余${formatWanYuan(a.accumulatedBalanceFen ?? 0)}，可支付${formatDecimal(m, '个月')}`;
    return m < red
      ? [
          {
            severity: 'red',
            suggestedAction: 'rectify',
            message: `${figures}，低于${red}个月，存在支付风险，请制定应对预案`,
            details,
          },
        ]
      : [
          {
            severity: 'yellow',
            suggestedAction: 'remind',
            message: `${figures}，低于${yellow}个月，请关注基金收支`,
            details,
          },
        ];
  },
});

/** 收不抵支: this year's expenditure above income. */
export const currentDeficitRule = itemRule<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'current-deficit',
  inputs: ['attributes'],
  name: '基金当期收不抵支',
  source: '财社〔2022〕65号（OT-5 收支政策效果、运行风险）；F-4',
  evaluate({ attributes: a }) {
    if (a.incomeFen === undefined || a.expenditureFen === undefined || a.expenditureFen <= a.incomeFen)
      return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `${FUND_KIND_LABELS[a.fundKind]}本年收入${formatWanYuan(a.incomeFen)}，支出${formatWanYuan(a.expenditureFen)}，当期缺口${formatWanYuan(a.expenditureFen - a.incomeFen)}，请说明原因和弥补措施`,
        details: {
          incomeFen: a.incomeFen,
          expenditureFen: a.expenditureFen,
          gapFen: a.expenditureFen - a.incomeFen,
        },
      },
    ];
  },
});

/** OT-5 精算平衡: the actuarial gap relative to a year's expenditure. */
export const actuarialGapRule = itemRule<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'actuarial-gap',
  inputs: ['attributes'],
  name: '基金精算不平衡',
  source: '财社〔2022〕65号（OT-5 精算平衡）；中发〔2018〕34号（F-4）',
  evaluate({ attributes: a }, { settings }) {
    const max = settings.actuarialGapMaxShare;
    if (a.actuarialGapFen === undefined || !a.expenditureFen) return [];
    const share = a.actuarialGapFen / a.expenditureFen;
    if (share <= max) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `${FUND_KIND_LABELS[a.fundKind]}精算缺口${formatWanYuan(a.actuarialGapFen)}，相当于当年支出的${formatShare(share)}，超过${formatShare(max)}，请提出精算平衡措施`,
        details: {
          actuarialGapFen: a.actuarialGapFen,
          expenditureFen: a.expenditureFen,
          gapShare: share,
          maxShare: max,
        },
      },
    ];
  },
});

export const monitoringRules = [payableMonthsRule, currentDeficitRule, actuarialGapRule];
