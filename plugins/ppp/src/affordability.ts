import type { ItemSnapshot } from '@jixiao/core';
import type { PppAttributes } from './attributes.ts';
import type { PppSettings } from './settings.ts';

export type AffordabilityBand = 'within' | 'warning' | 'red_line';

export const AFFORDABILITY_BAND_LABELS: Readonly<Record<AffordabilityBand, string>> = {
  within: '正常',
  warning: '风险预警',
  red_line: '超过红线',
};

export interface Affordability {
  /** Σ this year's government payment obligations of PPP items paid from the general budget. */
  obligationFen: number;
  expenditureFen: number;
  ratio: number;
  band: AffordabilityBand;
  /** Above the limit for new government-pay projects (PP-1: 5%). */
  governmentPayClosed: boolean;
  itemCount: number;
}

/**
 * 财政承受能力 (PP-1/PP-2): all PPP obligations paid from the general budget as a share of the
 * region's general-budget expenditure. Null when expenditure is unknown.
 */
export function affordabilityOf(
  items: ReadonlyArray<Pick<ItemSnapshot<PppAttributes>, 'attributes'>>,
  expenditureFen: number | null,
  settings: PppSettings,
): Affordability | null {
  if (expenditureFen === null || expenditureFen <= 0) return null;
  const counted = items.filter(
    (s) =>
      s.attributes.obligationBudget === 'general' && s.attributes.annualFiscalObligationFen !== undefined,
  );
  const obligationFen = counted.reduce((sum, s) => sum + (s.attributes.annualFiscalObligationFen ?? 0), 0);
  const ratio = obligationFen / expenditureFen;
  const band: AffordabilityBand =
    ratio > settings.affordabilityRedLine
      ? 'red_line'
      : ratio > settings.affordabilityWarning
        ? 'warning'
        : 'within';
  return {
    obligationFen,
    expenditureFen,
    ratio,
    band,
    governmentPayClosed: ratio > settings.governmentPayNewLimit,
    itemCount: counted.length,
  };
}
