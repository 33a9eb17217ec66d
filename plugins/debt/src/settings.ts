import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** Government debt's own numbers; override them under `plugins.debt` in the policy configuration. */
export const debtSettingsSchema = z.object({
  /** 债务率 bands (debt balance ÷ comprehensive financial resources), lower bounds of yellow, orange, red. */
  ratioYellow: z.number().min(0).default(1.2),
  ratioOrange: z.number().min(0).default(2),
  ratioRed: z.number().min(0).default(3),
  /** Special bonds: project revenue ÷ financing principal and interest must reach this (收益与融资自求平衡). */
  minSelfBalanceCoverage: z.number().min(0).default(1),
  /** Coverage below this (but above the minimum) is a yellow warning. */
  coverageWarning: z.number().min(0).default(1.2),
  /** Bond money: months after issue when spending progress is checked, and the share that should be spent by then. */
  spendingCheckMonths: z.int().min(1).max(60).default(6),
  minSpentShareAfterCheck: z.number().min(0).max(1).default(0.5),
});

export type DebtSettings = z.output<typeof debtSettingsSchema>;

const RATIO_BANDS = 'DB-1 [V 二手] 债务率 红≥300%、橙200–300%、黄120–200%';

export const debtSettings: PluginSettings<DebtSettings> = {
  schema: debtSettingsSchema,
  sources: {
    ratioYellow: RATIO_BANDS,
    ratioOrange: RATIO_BANDS,
    ratioRed: RATIO_BANDS,
    minSelfBalanceCoverage: 'DB-2 / 财预〔2017〕89号 [R]：专项债项目收益与融资自求平衡（覆盖倍数≥1）',
    coverageWarning: '[U] 实施方案常用本息覆盖倍数1.2倍，低于即提示',
    spendingCheckMonths: '[U] 设计默认：债券发行6个月后检查资金支出进度',
    minSpentShareAfterCheck:
      '[U] 设计默认：发行6个月后支出不足50%预警（财预〔2021〕61号要求加快支出、形成实物工作量）',
  },
};
