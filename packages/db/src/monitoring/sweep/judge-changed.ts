import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../client.ts';
import { type Platform, today } from '../../platform.ts';
import { monitoringRuns } from '../../schema/index.ts';
import { judgeItems } from './judge-items.ts';
import { clearJudgedDirtyItems } from './plan.ts';
import { errMessage } from './plugin-rules.ts';
import { JUDGE_LOCK_KEY } from './run-sweep.ts';
import { dropSweepWorkTables, useTempWorkTables } from './working-set.ts';

export interface ChangedItemsResult {
  /** Another judging or a sweep holds the lock: nothing done, try again shortly. */
  busy: boolean;
  /** Items judged (with whole portfolios where a fund type has portfolio rules); 0 when none was marked. */
  items: number;
  runId: number | null;
  created: number;
  updated: number;
  closed: number;
  escalated: number;
}

/** Up to this many marked items a judging is small (see `useTempWorkTables`). */
const SMALL_JUDGING = 200;

const NOTHING = { busy: false, items: 0, runId: null, created: 0, updated: 0, closed: 0, escalated: 0 };

/**
 * Judges the items marked in `monitoring_dirty_items` (by the triggers, in the transaction of
 * the write that changed them) with every rule that applies, all of them as one set — a bulk
 * import of 10,000 payments is one judging — with the sweep's merge: open, update, escalate,
 * close with reason, audit entries and outbox rows. One judging at a time (an advisory lock that
 * sweeps also hold), so two writes to one item end with the warnings a full sweep would give.
 * The marks are removed in the same transaction as the warnings change: a process killed in
 * between leaves them for the next judging or the next sweep.
 */
export async function judgeChangedItems(
  platform: Platform,
  /** Test hook: called between phases (a test kills the process here to interrupt a judging). */
  opts: { onPhase?: (phase: 'core' | 'plugins' | 'merge') => Promise<void> } = {},
): Promise<ChangedItemsResult> {
  const asOf = today(platform);
  return platform.db.transaction(async (tx) => {
    const locked = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${JUDGE_LOCK_KEY}) as ok`,
    );
    if (!locked[0]?.ok) return { ...NOTHING, busy: true };
    const marked = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from (select 1 from monitoring_dirty_items limit ${SMALL_JUDGING + 1}::int) m`,
    );
    const count = Number(marked[0]?.n ?? 0);
    if (count === 0) return NOTHING;
    const [run] = await tx
      .insert(monitoringRuns)
      .values({ trigger: 'change', mode: 'changed', asOf, runner: `${hostname()}:${process.pid}` })
      .returning({ id: monitoringRuns.id });
    const runId = (run as { id: number }).id;
    const started = Date.now();
    // A few items: temp tables, no indexes. A bulk (an import, a batch of thousands of changes,
    // whole portfolios): the sweep's indexed, parallel-scannable work tables.
    if (count <= SMALL_JUDGING) useTempWorkTables(tx);
    const judged = await judgeItems(platform, tx, runId, asOf, {
      mode: 'changed',
      scopePath: '/',
      clearedReason: sql`'预警条件已消除（数据更新后重新判断，自动关闭）'`,
      onPhase: opts.onPhase,
    });
    const items = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from sweep_dirty`);
    await clearJudgedDirtyItems(tx);
    await dropSweepWorkTables(tx);
    const { merged, errors } = judged;
    if (errors.length > 0)
      console.error(
        `[judge ${runId}] ${errors.length} 条规则运行出错`,
        errors.slice(0, 5).map((e) => e.message),
      );
    await tx.execute(sql`update monitoring_runs set status = 'completed', finished_at = now(),
        duration_ms = ${Date.now() - started}::int, items_scanned = ${judged.itemsScanned}::int,
        findings = ${judged.findings}::int, created = ${merged.created}::int,
        updated = ${merged.updated + merged.escalated}::int, closed = ${merged.closed}::int,
        errors = ${JSON.stringify(errors.slice(0, 200))}::jsonb
      where id = ${runId}::int`);
    return { busy: false, items: Number(items[0]?.n ?? 0), runId, ...merged };
  });
}

export interface MonitoringWorker {
  /** A write just committed: judge soon (coalesced with any judging under way). */
  kick(): void;
  /** Judges until nothing is marked (or the lock is busy); resolves when done. Tests call this. */
  drain(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Drains `monitoring_dirty_items` right after writes (`kick`, called by the API after a write)
 * and every `pollMs` for marks left by other processes (the bot, imports, another server).
 */
export function createMonitoringWorker(platform: Platform, opts: { pollMs?: number } = {}): MonitoringWorker {
  const pollMs = opts.pollMs ?? 1000;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const loop = async () => {
    do {
      again = false;
      for (let round = 0; round < 100; round++) {
        try {
          const r = await judgeChangedItems(platform);
          if (r.busy || r.items === 0) break;
        } catch (err) {
          console.error(`[monitoring] 变化后重新判断失败：${errMessage(err)}`);
          break;
        }
      }
    } while (again);
  };
  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    kick: () => void drain(),
    drain,
    start() {
      timer ??= setInterval(() => void drain(), pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
