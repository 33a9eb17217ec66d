import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../client.ts';
import type { Platform } from '../../platform.ts';
import { runCoreRules } from './core-rules.ts';
import { type MergeCounts, mergeFindings } from './merge-findings.ts';
import {
  captureDateDueItems,
  captureDirtyItems,
  everydayDateRuleIds,
  judgedWarningsSql,
  portfolioRuleIds,
  type SweepMode,
} from './plan.ts';
import { runPluginRules } from './plugin-rules.ts';
import type { RuleError } from './run-sweep.ts';
import { materialiseSweepData } from './working-set.ts';

export interface JudgedItems {
  itemsScanned: number;
  findings: number;
  merged: MergeCounts;
  errors: RuleError[];
}

/**
 * The phases every run shares, inside its transaction: which items changed (`sweep_dirty`), the
 * working set, the core rules as set-based SQL, the plugin rules over streamed snapshots, and the
 * merge into warnings (open, update, escalate, close with reason, outbox rows, audit entries).
 * The mode decides which items and rules run and, in the same measure, which live warnings are
 * judged — so a run never closes a warning whose rule it did not run on that item.
 */
export async function judgeItems(
  platform: Platform,
  tx: Tx,
  runId: number,
  asOf: string,
  opts: {
    mode: SweepMode;
    scopePath: string;
    onPhase?: ((phase: 'core' | 'plugins' | 'merge') => Promise<void>) | undefined;
    clearedReason?: SQL;
    /** A nightly run: the day of the run it builds on (date rules with `dateChanges` run where due since). */
    since?: string | undefined;
  },
): Promise<JudgedItems> {
  const { mode, scopePath } = opts;
  await captureDirtyItems(tx, platform, { wholePortfolios: mode !== 'full' });
  const paymentsByMonth = platform.registry
    .list()
    .some((p) => p.monitoringRules.some((r) => r.uses?.includes('paymentsByMonth')));
  await materialiseSweepData(tx, asOf, platform.config, {
    paymentsByMonth,
    scopePath,
    changedOnly: mode === 'changed',
  });
  if (mode === 'nightly') await captureDateDueItems(tx, platform, opts.since ?? asOf, asOf);
  await runCoreRules(tx, asOf, platform.config, { nightly: mode === 'nightly' });
  // The items only here for their portfolio's sake: their core warnings are not judged this time.
  if (mode === 'changed')
    await tx.execute(
      sql`delete from sweep_findings where item_id in (select item_id from sweep_dirty where portfolio_only)`,
    );
  await opts.onPhase?.('core');
  const errors: RuleError[] = [];
  const itemsScanned = await runPluginRules(platform, tx, asOf, errors, mode);
  await opts.onPhase?.('plugins');
  const findingsRows = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from sweep_findings`);
  const erroredRules = [...new Set(errors.map((e) => e.ruleId))];
  const merged = await mergeFindings(
    platform,
    tx,
    runId,
    erroredRules,
    scopePath,
    judgedWarningsSql(mode, everydayDateRuleIds(platform), portfolioRuleIds(platform)),
    opts.clearedReason,
  );
  await opts.onPhase?.('merge');
  return { itemsScanned, findings: Number(findingsRows[0]?.n ?? 0), merged, errors };
}
