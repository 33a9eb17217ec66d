import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

export const PAYMENT_MECHANISM_LABELS = {
  government_pay: '政府付费',
  viability_gap: '可行性缺口补助',
  user_pay: '使用者付费',
} as const;

/** Phases before the contract is signed: the project is still "new" for PP-1/PP-2. */
const NEW_PROJECT_PHASES: readonly PppPhase[] = ['identification', 'preparation', 'procurement'];

const share = (label: string) =>
  z
    .number(`${label}须为0到1之间的小数`)
    .min(0, `${label}不能小于0`)
    .max(1, `${label}不能大于1（30%请填0.3）`);

export const pppAttributesSchema = z.object({
  /** Stage of the project life cycle (财金〔2014〕113号). */
  phase: z
    .enum(['identification', 'preparation', 'procurement', 'execution', 'handover'], {
      error: '项目阶段须为 项目识别/项目准备/项目采购/项目执行/项目移交 之一',
    })
    .default('execution'),
  paymentMechanism: z.enum(['government_pay', 'viability_gap', 'user_pay'], {
    error: '回报机制须为 政府付费/可行性缺口补助/使用者付费 之一',
  }),
  cooperationPeriodYears: z
    .int('合作期限须为整数年')
    .min(1, '合作期限至少1年')
    .max(50, '合作期限不能超过50年')
    .optional(),
  totalInvestmentFen: fenSchema.optional(),
  /** Government payment obligation (财政支出责任) of this project in the fiscal year. */
  annualFiscalObligationFen: fenSchema.optional(),
  /** The budget the obligation is paid from (PP-2: new projects only from the general budget). */
  obligationBudget: z
    .enum(['general', 'gov_fund', 'soe_capital'], {
      error: '支出责任列支预算须为 一般公共预算/政府性基金预算/国有资本经营预算 之一',
    })
    .default('general'),
  /** Share of construction cost whose payment depends on performance (PP-3). */
  performanceLinkedShare: share('与绩效挂钩的建设成本比例').optional(),
  /** 物有所值评价 (PP-5). */
  valueForMoney: z
    .object({
      qualitativeScore: z
        .number('物有所值定性评价得分须为数字')
        .min(0, '得分不能小于0')
        .max(100, '得分不能大于100'),
      pppValueFen: fenSchema,
      pscValueFen: fenSchema,
    })
    .partial()
    .optional(),
});

export type PppAttributes = z.output<typeof pppAttributesSchema>;
export type PppAttributesInput = z.input<typeof pppAttributesSchema>;
export type PppPhase = PppAttributes['phase'];

export function isNewProject(attrs: PppAttributes): boolean {
  return NEW_PROJECT_PHASES.includes(attrs.phase);
}
