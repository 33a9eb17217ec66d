import { type Fen, ratioBp } from './money.ts';
import type { PolicyConfig } from './policy-config.ts';
import type { Severity, SuggestedAction } from './vocabulary.ts';

/**
 * Spending behind 序时进度 (MO-6): the lag in basis points and the warning it is worth. The sweep,
 * the monitoring summary and the chat's lagging list repeat these rules as SQL; a property test on
 * the real database keeps them equal.
 */

/** 执行率 in basis points: paid ÷ approved, truncated (EV-4, MO-6); 0 when nothing is approved. */
export function executionRateBp(paidFen: Fen, approvedFen: Fen): number {
  return ratioBp(paidFen, approvedFen);
}

/**
 * 序时进度 − 执行率 in basis points; null when nothing is approved (an item with no budget cannot
 * trail its spending schedule).
 */
export function executionLagBp(paidFen: Fen, approvedFen: Fen, timeProgressBp: number): number | null {
  if (approvedFen <= 0) return null;
  return timeProgressBp - executionRateBp(paidFen, approvedFen);
}

/** The configured lag thresholds in whole basis points (a lag must exceed one to reach its colour). */
export function lagThresholdsBp(config: PolicyConfig): Readonly<Record<Severity, number>> {
  const m = config.monitoring;
  return {
    red: Math.round(m.lagRedPoints * 100),
    orange: Math.round(m.lagOrangePoints * 100),
    yellow: Math.round(m.lagYellowPoints * 100),
  };
}

/** Severity of a lag (MO-6): above the red, orange or yellow threshold, in that order; else none. */
export function lagSeverity(lagBp: number | null, config: PolicyConfig): Severity | null {
  if (lagBp === null) return null;
  const t = lagThresholdsBp(config);
  if (lagBp > t.red) return 'red';
  if (lagBp > t.orange) return 'orange';
  if (lagBp > t.yellow) return 'yellow';
  return null;
}

/** What a lag warning asks for (MO-1: serious lag leads to 暂缓拨款). */
export const LAG_SUGGESTED_ACTIONS: Readonly<Record<Severity, SuggestedAction>> = {
  red: 'suspend_payment',
  orange: 'rectify',
  yellow: 'remind',
};
