/**
 * The monitoring sweep (双监控), in five phases, all inside one transaction:
 *
 * 1. `working-set.ts`     materialise the monitored items, their payments and latest reports once
 *                         (unlogged work tables, so PostgreSQL can scan them in parallel);
 * 2. `core-rules.ts`      the core rules as set-based SQL → `sweep_findings`;
 * 3. `plugin-rules.ts`    every fund type's rules over streamed snapshots (`snapshot-stream.ts`),
 *                         their findings added to `sweep_findings`;
 * 4. `merge-findings.ts`  findings vs live warnings: open, update, escalate, close with reason;
 *                         pushes queued by `warning-messages.ts`;
 * 5. `audit-changes.ts`   every change of the run appended to the hash-chained audit log;
 *                         after the commit, a signed checkpoint of the chain (`audit/checkpoints.ts`).
 */
import { hostname } from 'node:os';
import { ConflictError, decideSweepDate, InputError, type SweepBackdate } from '@jixiao/core';
import { eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission, SYSTEM_ACTOR } from '../../actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { checkpointAuditChain } from '../../audit/trail.ts';
import { queryRows } from '../../client.ts';
import { type Platform, today } from '../../platform.ts';
import { monitoringRuns } from '../../schema/index.ts';
import { judgeItems } from './judge-items.ts';
import { clearJudgedDirtyItems, lastCompletedSweep, rulesFingerprint, type SweepMode } from './plan.ts';
import { errMessage } from './plugin-rules.ts';
import { dropSweepWorkTables } from './working-set.ts';

// Any constants; they only have to be the same for every server sharing the database.
const SWEEP_LOCK_KEY = 7_243_002;
/** Held by whoever writes warnings: a sweep (for its whole run) or one judging on change. */
export const JUDGE_LOCK_KEY = 7_243_003;

export type SweepTrigger = 'schedule' | 'api' | 'cli' | 'test' | 'startup';

export interface SweepOptions {
  trigger: SweepTrigger;
  /**
   * Who started the run: it judges (opens, updates, closes) only the warnings of items where their
   * `monitoring.run` reaches, i.e. their region. Absent: the platform's own run over everything.
   */
  actor?: Actor;
  /** Check as of this date (default: today); within the current fiscal year unless back-dated. */
  asOf?: string;
  /** Judging as of a day of the previous fiscal year: allowed with a reason, and audited. */
  backdate?: SweepBackdate;
  /**
   * full: every rule over every item; nightly (default of scheduled runs): the rules that read the
   * date over every item, the others only over the items changed since the last run — full when
   * there is no earlier whole-database run with the same rules and numbers.
   */
  mode?: 'full' | 'nightly';
  /** Test hook: called between phases (a test kills the process here to interrupt a sweep). */
  onPhase?: (phase: 'core' | 'plugins' | 'merge') => Promise<void>;
}

export interface RuleError {
  ruleId: string;
  itemId: number | null;
  message: string;
}

export interface SweepResult {
  runId: number;
  asOf: string;
  /** What the run judged: a nightly run falls back to full when there is no earlier run to build on. */
  mode: SweepMode;
  itemsScanned: number;
  findings: number;
  created: number;
  updated: number;
  closed: number;
  escalated: number;
  errors: RuleError[];
  durationMs: number;
}

/**
 * The monitoring sweep (双监控): core rules as set-based SQL, every plugin's rules in batches,
 * findings merged into warnings idempotently. It runs in one transaction under an advisory lock,
 * so two servers never run it at once and a sweep killed half-way leaves nothing behind (its
 * run-log row is marked interrupted by the next run, which does the whole job).
 */
export async function runSweep(platform: Platform, opts: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const scopePath = opts.actor ? requirePermission(opts.actor, 'monitoring.run') : '/';
  const todayDate = today(platform);
  const date = decideSweepDate(opts.asOf, todayDate, opts.backdate);
  if (!date.ok) throw new InputError(`字段 asOf：${date.message}`, [{ path: 'asOf', message: date.message }]);
  const asOf = date.asOf;
  const backdated = asOf.slice(0, 4) < todayDate.slice(0, 4);
  const runner = `${hostname()}:${process.pid}`;
  const [run] = await platform.db
    .insert(monitoringRuns)
    .values({ trigger: opts.trigger, triggeredBy: opts.actor?.userId ?? null, asOf, runner })
    .returning({ id: monitoringRuns.id });
  const runId = (run as { id: number }).id;
  let result: SweepResult;
  let mode: SweepMode = opts.mode ?? (opts.trigger === 'schedule' ? 'nightly' : 'full');
  let fingerprint: string | null = null;
  try {
    result = await platform.db.transaction(async (tx) => {
      const locked = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK_KEY}) as ok`,
      );
      if (!locked[0]?.ok) throw new ConflictError('已有监控扫描正在运行，请稍后查看结果', { runId });
      // Judging on change pauses while a sweep runs; wait for the one in flight (milliseconds).
      await tx.execute(sql`select pg_advisory_xact_lock(${JUDGE_LOCK_KEY})`);
      // We hold the lock, so any other run still marked running was cut off.
      await tx.execute(sql`update monitoring_runs set status = 'interrupted', finished_at = now()
                           where status = 'running' and id <> ${runId}`);
      if (backdated) {
        await appendAudit(
          tx,
          [
            {
              actor: opts.actor ?? SYSTEM_ACTOR,
              action: 'monitoring.backdate',
              entityType: 'monitoring_run',
              entityId: runId,
              after: { asOf, reason: opts.backdate?.reason ?? null, scopePath },
            },
          ],
          platform.now(),
        );
      }
      // A nightly run builds on the last whole-database run, when it judged with the same rules and numbers.
      const whole = scopePath === '/';
      fingerprint = whole ? rulesFingerprint(platform) : null;
      let since: string | undefined;
      if (mode === 'nightly') {
        const last = whole && !backdated ? await lastCompletedSweep(tx) : null;
        // Dates only move forward for the nightly runs; one judging an earlier day runs in full.
        if (!last || last.fingerprint !== fingerprint || last.asOf > asOf) mode = 'full';
        else since = last.asOf;
      }
      const judged = await judgeItems(platform, tx, runId, asOf, {
        mode,
        scopePath,
        onPhase: opts.onPhase,
        since,
      });
      // Everything marked before this run began is judged now (a regional run judges only its region).
      if (whole) await clearJudgedDirtyItems(tx);
      await dropSweepWorkTables(tx);
      const { errors, itemsScanned, findings, merged } = judged;
      const durationMs = Date.now() - started;
      const result: SweepResult = {
        runId,
        asOf,
        mode,
        itemsScanned,
        findings,
        ...merged,
        errors: errors.slice(0, 200),
        durationMs,
      };
      if (errors.length > 0)
        console.error(`[sweep ${runId}] ${errors.length} 条规则运行出错`, errors.slice(0, 5));
      await tx
        .update(monitoringRuns)
        .set({
          status: 'completed',
          mode,
          rulesFingerprint: fingerprint,
          finishedAt: new Date(),
          durationMs,
          itemsScanned,
          findings: result.findings,
          created: merged.created,
          updated: merged.updated + merged.escalated,
          closed: merged.closed,
          errors: result.errors,
        })
        .where(eq(monitoringRuns.id, runId));
      return result;
    });
  } catch (err) {
    await platform.db
      .update(monitoringRuns)
      .set({
        status: 'failed',
        finishedAt: new Date(),
        durationMs: Date.now() - started,
        errors: [{ ruleId: 'sweep', itemId: null, message: errMessage(err) }],
      })
      .where(eq(monitoringRuns.id, runId));
    throw err;
  }
  // The sweep has just added many entries: sign where the chain stands now.
  await checkpointAuditChain(platform).catch((err: unknown) =>
    console.error(`[sweep ${runId}] 审计链检查点写入失败：${errMessage(err)}`),
  );
  return result;
}
