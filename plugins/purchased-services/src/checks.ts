import { reviewCheck } from '@jixiao/plugin-kit';
import { type PurchasedServicesAttributes, prohibitedContent } from './attributes.ts';
import type { PurchasedServicesSettings } from './settings.ts';

export const prohibitedContentCheck = reviewCheck<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'prohibited-content',
  name: '购买内容负面清单',
  source: '财预〔2017〕87号（OT-2）',
  appliesTo: 'ex_ante',
  run({ attributes: a }) {
    const content = prohibitedContent(a);
    return content.length === 0
      ? { outcome: 'pass', reasons: [] }
      : { outcome: 'fail', reasons: [`购买服务内容含${content.join('、')}，不得以政府购买服务名义实施`] };
  },
});

export const contractTermCheck = reviewCheck<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'contract-term',
  name: '合同期限',
  source: '财政部令第102号第二十四条（OT-2）',
  appliesTo: 'targets',
  run({ attributes: a }, { settings }) {
    const { maxContractYears: max, standardContractYears: standard } = settings;
    if (a.contractYears === undefined) return { outcome: 'warn', reasons: ['未填写合同期限'] };
    if (a.contractYears > max)
      return { outcome: 'fail', reasons: [`合同期限${a.contractYears}年，超过最长${max}年`] };
    if (a.contractYears > standard && a.recurringStable !== true) {
      return {
        outcome: 'warn',
        reasons: [`合同期限${a.contractYears}年，超过一般${standard}年，须为服务内容稳定、资金有保障的项目`],
      };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

/** The purchase requirement must be measurable: output quality and recipient satisfaction. */
export const requirementIndicatorsCheck = reviewCheck<PurchasedServicesAttributes, PurchasedServicesSettings>(
  {
    id: 'requirement-indicators',
    name: '购买需求可考核',
    source: '财政部令第102号第二十条、第二十九条',
    appliesTo: 'targets',
    run({ target }) {
      const indicators = target?.indicators ?? [];
      if (!indicators.some((i) => i.level1 === 'output')) {
        return { outcome: 'fail', reasons: ['绩效目标没有产出指标，购买服务需求无法考核'] };
      }
      const missing: string[] = [];
      if (!indicators.some((i) => i.level1 === 'output' && i.level2 === 'quality'))
        missing.push('服务质量指标');
      if (!indicators.some((i) => i.level1 === 'satisfaction')) missing.push('服务对象满意度指标');
      return missing.length === 0
        ? { outcome: 'pass', reasons: [] }
        : { outcome: 'warn', reasons: [`建议补充${missing.join('、')}，作为验收和按效付费的依据`] };
    },
  },
);

export const reviewChecks = [prohibitedContentCheck, contractTermCheck, requirementIndicatorsCheck];
