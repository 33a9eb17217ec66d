import { timeProgressBp } from '@jixiao/core';
import type { BotContext } from './context.ts';

/** 序时进度 of a fiscal year today, by the configured basis (a past year is 100%). */
export function timeProgressFor(ctx: Pick<BotContext, 'platform' | 'today'>, fiscalYear: number): number {
  return timeProgressBp(ctx.today, fiscalYear, ctx.platform.config.monitoring.timeProgressBasis);
}

/** The fiscal year being tracked today. */
export function currentYear(ctx: Pick<BotContext, 'today'>): number {
  return Number(ctx.today.slice(0, 4));
}
