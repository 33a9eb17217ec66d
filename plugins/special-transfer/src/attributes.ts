import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

const year = (label: string) =>
  z.int(`${label}须为年度（整数）`).min(2000, `${label}不能早于2000年`).max(2100, `${label}不能晚于2100年`);

/** Fields of a special transfer payment (专项转移支付) item. */
export const specialTransferAttributesSchema = z.object({
  /** 上级下达文号 */
  upperDocument: z
    .string('下达文号须为文本')
    .trim()
    .min(1, '下达文号不能为空')
    .max(100, '下达文号不能超过100个字符')
    .optional(),
  /** 分配方法：因素法 / 项目法 */
  allocationMethod: z.enum(['factor', 'project'], { error: '分配方法须为 因素法/项目法 之一' }).optional(),
  /** 资金分配到的下级地区（或单位）数 */
  recipientRegionCount: z.int('分配地区数须为整数').min(1, '分配地区数至少为1').optional(),
  /** 已分配下达的金额 */
  allocatedFen: fenSchema.optional(),
  /** 政策实施期限的最后一个年度（到期退出） */
  policyExpiresYear: year('政策到期年度').optional(),
  /** 是否已将绩效目标分解为分地区的区域绩效目标 */
  regionalTargetsDecomposed: z.boolean('是否分解区域绩效目标须为是/否').optional(),
  /** 最近一次完成绩效自评的年度 */
  lastSelfEvaluatedYear: year('最近自评年度').optional(),
  selfEvaluationScore: z
    .number('自评得分须为数字')
    .min(0, '自评得分不能小于0')
    .max(100, '自评得分不能大于100')
    .optional(),
});

export type SpecialTransferAttributes = z.output<typeof specialTransferAttributesSchema>;
export type SpecialTransferAttributesInput = z.input<typeof specialTransferAttributesSchema>;
