import type { ExAnteDimensionTemplate } from '@jixiao/plugin-kit';
import type { DebtAttributes } from './attributes.ts';

/** What a special-bond project's ex-ante assessment must also establish (EA-5, DB-3). */
export const exAnteDimensions: readonly ExAnteDimensionTemplate<DebtAttributes>[] = [
  {
    id: 'self-balance',
    name: '收益与融资自求平衡',
    guidance:
      '项目预期收益足以覆盖债券本息（覆盖倍数不低于1），收入、成本、收益预测依据充分，偿债计划和风险点明确。',
    source: '财预〔2017〕89号；财预〔2021〕61号（DB-2、DB-3、EA-5）',
    appliesTo: (a) => a.bondType === 'special',
  },
];
