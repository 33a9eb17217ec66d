import { formatShare, formatWanYuan } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { availableFen, type SoeCapitalAttributes, transferShareOf } from './attributes.ts';
import type { SoeCapitalSettings } from './settings.ts';

export const plannedTransferCheck = reviewCheck<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'planned-transfer-share',
  name: '预算安排调入一般公共预算比例',
  source: '景党发〔2019〕18号§十二（OT-4）',
  appliesTo: 'targets',
  run({ attributes: a }, { settings }) {
    const share = transferShareOf(a);
    const min = settings.minTransferToGeneralShare;
    if (share === null)
      return {
        outcome: 'warn',
        reasons: ['未填写国有资本经营预算收入或调入一般公共预算金额，无法核对调入比例'],
      };
    return share >= min
      ? { outcome: 'pass', reasons: [] }
      : {
          outcome: 'fail',
          reasons: [`预算安排调入一般公共预算比例${formatShare(share)}，低于${formatShare(min)}`],
        };
  },
});

export const balancedPlanCheck = reviewCheck<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'balanced-plan',
  name: '收支平衡、不列赤字',
  source: '《预算法》第十条',
  appliesTo: 'targets',
  run({ attributes: a }) {
    const available = availableFen(a);
    if (available === null || a.spendingFen === undefined) return { outcome: 'pass', reasons: [] };
    return a.spendingFen <= available
      ? { outcome: 'pass', reasons: [] }
      : {
          outcome: 'fail',
          reasons: [
            `支出安排${formatWanYuan(a.spendingFen)}超过可用收入${formatWanYuan(available)}，国有资本经营预算不得列赤字`,
          ],
        };
  },
});

export const reviewChecks = [plannedTransferCheck, balancedPlanCheck];
