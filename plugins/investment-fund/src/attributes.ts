import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

const share = (label: string) =>
  z
    .number(`${label}须为0到1之间的小数`)
    .min(0, `${label}不能小于0`)
    .max(1, `${label}不能大于1（60%请填0.6）`);
const multiple = (label: string) =>
  z.number(`${label}须为数字`).min(0, `${label}不能为负数`).max(100, `${label}不能超过100倍`);

export const investmentFundAttributesSchema = z.object({
  fundName: z
    .string('基金名称须为文本')
    .trim()
    .min(1, '基金名称不能为空')
    .max(100, '基金名称不能超过100个字符')
    .optional(),
  stage: z
    .enum(['raising', 'investing', 'exiting', 'liquidated'], {
      error: '基金阶段须为 募集期/投资期/退出期/已清算 之一',
    })
    .default('investing'),
  /** Fiscal money committed (认缴) to the fund. */
  committedFen: fenSchema.optional(),
  /** Fiscal money paid in (实缴). */
  paidInFen: fenSchema.optional(),
  /** Paid-in due by now under the partnership agreement's schedule. */
  paidInDueFen: fenSchema.optional(),
  /** Money the fund has invested in projects or enterprises. */
  investedFen: fenSchema.optional(),
  /** Days the uninvested paid-in balance has been idle. */
  idleDays: z.int('闲置天数须为整数').min(0, '闲置天数不能为负数').optional(),
  /** Fund size ÷ fiscal contribution (放大倍数). */
  leverageTarget: multiple('目标放大倍数').optional(),
  leverageActual: multiple('实际放大倍数').optional(),
  /** Share of investment in the fund's policy target (industry, region). */
  policyTargetShare: share('投向政策目标领域比例').optional(),
  /** The minimum share the fund's charter sets; the configured default applies when absent. */
  policyTargetMinShare: share('章程约定的政策目标投资比例').optional(),
  /** Promised principal or fixed returns / buy-back (明股实债). */
  guaranteedReturn: z.boolean('是否承诺保本保收益须为是/否').default(false),
  durationYears: z.int('存续期须为整数年').min(1, '存续期至少1年').max(30, '存续期不能超过30年').optional(),
});

export type InvestmentFundAttributes = z.output<typeof investmentFundAttributesSchema>;
export type InvestmentFundAttributesInput = z.input<typeof investmentFundAttributesSchema>;
