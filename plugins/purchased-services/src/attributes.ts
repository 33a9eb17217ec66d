import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

export const purchasedServicesAttributesSchema = z.object({
  /** 政府购买服务指导性目录 categories (财综〔2014〕96号; 财政部令第102号). */
  serviceCategory: z.enum(
    ['basic_public', 'social_management', 'industry_management', 'technical', 'government_support', 'other'],
    {
      error:
        '服务类别须为 基本公共服务/社会管理性服务/行业管理与协调性服务/技术性服务/政府履职所需辅助性服务/其他服务 之一',
    },
  ),
  /** 承接主体. */
  provider: z
    .string('承接主体须为文本')
    .trim()
    .min(1, '承接主体不能为空')
    .max(100, '承接主体不能超过100个字符')
    .optional(),
  contractAmountFen: fenSchema.optional(),
  contractYears: z
    .int('合同期限须为整数年')
    .min(1, '合同期限至少1年')
    .max(10, '合同期限不能超过10年')
    .optional(),
  /** Stable, recurring service with secure funding: contracts of up to 3 years allowed (OT-2). */
  recurringStable: z.boolean('是否为稳定持续性服务须为是/否').optional(),
  /** Share of the price paid according to performance evaluation (按效付费). */
  payForPerformanceShare: z
    .number('按绩效付费比例须为0到1之间的小数')
    .min(0, '按绩效付费比例不能小于0')
    .max(1, '按绩效付费比例不能大于1（30%请填0.3）')
    .optional(),
  thirdPartyEvaluation: z.boolean('是否开展第三方评价须为是/否').optional(),
  /** 财预〔2017〕87号: construction work and financing may not be bought as services. */
  includesConstruction: z.boolean('是否含工程建设须为是/否').default(false),
  includesFinancing: z.boolean('是否含融资须为是/否').default(false),
  acceptanceResult: z
    .enum(['pending', 'passed', 'failed'], { error: '验收结果须为 待验收/验收合格/验收不合格 之一' })
    .optional(),
});

export type PurchasedServicesAttributes = z.output<typeof purchasedServicesAttributesSchema>;
export type PurchasedServicesAttributesInput = z.input<typeof purchasedServicesAttributesSchema>;

/** What of 财预〔2017〕87号's prohibited content the purchase includes (Chinese labels). */
export function prohibitedContent(a: PurchasedServicesAttributes): string[] {
  const out: string[] = [];
  if (a.includesConstruction) out.push('工程建设');
  if (a.includesFinancing) out.push('融资行为');
  return out;
}
