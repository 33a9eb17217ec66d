import { fenSchema, isoDateSchema } from '@jixiao/core';
import { z } from 'zod';

export const METHOD_LABELS = {
  public_tender: '公开招标',
  invited_tender: '邀请招标',
  competitive_negotiation: '竞争性谈判',
  competitive_consultation: '竞争性磋商',
  single_source: '单一来源采购',
  inquiry: '询价',
  framework: '框架协议采购',
} as const;

export const procurementAttributesSchema = z.object({
  method: z.enum(
    [
      'public_tender',
      'invited_tender',
      'competitive_negotiation',
      'competitive_consultation',
      'single_source',
      'inquiry',
      'framework',
    ],
    { error: '采购方式须为 公开招标/邀请招标/竞争性谈判/竞争性磋商/单一来源采购/询价/框架协议采购 之一' },
  ),
  category: z
    .enum(['goods', 'services', 'works'], { error: '采购品目须为 货物/服务/工程 之一' })
    .default('goods'),
  budgetFen: fenSchema.optional(),
  contractAmountFen: fenSchema.optional(),
  /** Contract amount awarded to small and medium firms (财库〔2020〕46号). */
  smeContractFen: fenSchema.optional(),
  /** Whether the purchase suits small and medium firms (the purchaser decides, 46号 art. 8). */
  smeSuitable: z.boolean('是否适宜中小企业须为是/否').default(true),
  /** Share of the budget reserved for small and medium firms in the procurement plan. */
  smeReservedShare: z
    .number('预留份额须为0到1之间的小数')
    .min(0, '预留份额不能小于0')
    .max(1, '预留份额不能大于1（30%请填0.3）')
    .optional(),
  /** A method other than public tender was approved by the finance bureau (政府采购法第二十七条). */
  methodApproved: z.boolean('变更采购方式是否已批准须为是/否').optional(),
  awardNoticeOn: isoDateSchema.optional(),
  contractSignedOn: isoDateSchema.optional(),
  plannedCompletionDate: isoDateSchema.optional(),
  /** Date of acceptance inspection (履约验收). */
  acceptedOn: isoDateSchema.optional(),
});

export type ProcurementAttributes = z.output<typeof procurementAttributesSchema>;
export type ProcurementAttributesInput = z.input<typeof procurementAttributesSchema>;

/** The SME reservation applies to suitable goods and service purchases at or above the threshold. */
export function smeReservationApplies(a: ProcurementAttributes, thresholdFen: number): boolean {
  return a.smeSuitable && a.category !== 'works' && a.budgetFen !== undefined && a.budgetFen >= thresholdFen;
}
