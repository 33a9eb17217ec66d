import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** The general budget's own numbers; override them under `plugins.general-budget`. */
export const generalBudgetSettingsSchema = z.object({
  /** Revenue growth target may exceed expected GDP growth by at most this (0.01 = 1 percentage point). */
  revenueGrowthMaxExcess: z.number().min(0).max(1).default(0.01),
  /** December revenue above this share of the year's revenue is a sign of year-end over-collection. */
  decemberRevenueMaxShare: z.number().min(0).max(1).default(0.15),
  /** Revenue above its budget target by more than this share is a sign of over-collection. */
  overCollectionTolerance: z.number().min(0).max(1).default(0.05),
  /** Tax revenue below this share of general-budget revenue: weak revenue quality. */
  minTaxRevenueShare: z.number().min(0).max(1).default(0.7),
  /** Money carried over for this many years or more is recovered for general use (长期沉淀资金收回). */
  maxCarryOverYears: z.int().min(1).default(2),
});

export type GeneralBudgetSettings = z.output<typeof generalBudgetSettingsSchema>;

export const generalBudgetSettings: PluginSettings<GeneralBudgetSettings> = {
  schema: generalBudgetSettingsSchema,
  sources: {
    revenueGrowthMaxExcess: 'F-4 收入预期与经济增长相协调；容差[U]，默认1个百分点',
    decemberRevenueMaxShare: 'F-4 严禁收过头税费；12月收入占比门槛[U]，默认15%',
    overCollectionTolerance: 'F-4 收入预算由约束性转为预期性、不得收过头税；超收门槛[U]，默认5%',
    minTaxRevenueShare: 'F-4 收入结构；税收占比门槛[U]，默认70%',
    maxCarryOverYears: 'EV-11 长期沉淀资金一律收回；国办发〔2014〕70号 [R]：结转两年以上的资金收回统筹使用',
  },
};
