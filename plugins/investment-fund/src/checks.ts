import { reviewCheck } from '@jixiao/plugin-kit';
import type { InvestmentFundAttributes } from './attributes.ts';
import type { InvestmentFundSettings } from './settings.ts';

export const noDisguisedBorrowingCheck = reviewCheck<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'no-disguised-borrowing',
  name: '不得变相举债',
  source: '财预〔2020〕7号（OT-1）；财预〔2017〕50号',
  appliesTo: 'ex_ante',
  run({ attributes: a }) {
    return a.guaranteedReturn
      ? { outcome: 'fail', reasons: ['基金方案承诺保本保收益或回购，属于变相举债，不予支持'] }
      : { outcome: 'pass', reasons: [] };
  },
});

export const exitMechanismCheck = reviewCheck<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'exit-mechanism',
  name: '存续期与退出机制、政策目标',
  source: '财预〔2020〕7号（OT-1 退出机制）',
  appliesTo: 'ex_ante',
  run({ attributes: a }) {
    if (a.durationYears === undefined) {
      return { outcome: 'fail', reasons: ['基金设立方案未明确存续期限，退出机制不清'] };
    }
    const missing: string[] = [];
    if (a.policyTargetMinShare === undefined) missing.push('投向政策目标领域的最低比例');
    if (a.leverageTarget === undefined) missing.push('目标放大倍数');
    return missing.length === 0
      ? { outcome: 'pass', reasons: [] }
      : { outcome: 'warn', reasons: [`设立方案未约定${missing.join('、')}，绩效目标难以考核`] };
  },
});

export const reviewChecks = [noDisguisedBorrowingCheck, exitMechanismCheck];
