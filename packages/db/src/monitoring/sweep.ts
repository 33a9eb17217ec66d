import { hostname } from 'node:os';
import {
  ConflictError,
  type Finding,
  type ItemSnapshot,
  type RuleContext,
  SEVERITIES,
  SUGGESTED_ACTIONS,
  UNSTORABLE_TEXT_MESSAGE,
  unstorablePath,
} from '@jixiao/core';
import { duplicateFindingKeys, duplicateKeysMessage, type Plugin } from '@jixiao/plugin-kit';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import { monitoringRuns } from '../schema/index.ts';
import { loadRegionFacts } from '../services/scoped-reader.ts';
import { runCoreRules } from './core-rules.ts';
import { warningRecipientsSql } from './recipients.ts';
import { streamSnapshots } from './snapshot-stream.ts';
import { auditSweepChanges } from './sweep-audit.ts';
import { dropSweepWorkTables, MONITORED_STATES_SQL, materialiseSweepData } from './sweep-data.ts';
import { warningBatchKeySql } from './warning-batch-key.ts';

// Any constant; it only has to be the same for every server sharing the database.
const SWEEP_LOCK_KEY = 7_243_002;

export type SweepTrigger = 'schedule' | 'api' | 'cli' | 'test' | 'startup';

export interface SweepOptions {
  trigger: SweepTrigger;
  triggeredBy?: number | null;
  /** Check as of this date (default: today). */
  asOf?: string;
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
  itemsScanned: number;
  findings: number;
  created: number;
  updated: number;
  closed: number;
  escalated: number;
  errors: RuleError[];
  durationMs: number;
}

const VALID_SEVERITY = new Set<string>(SEVERITIES.values);
const VALID_ACTION = new Set<string>(SUGGESTED_ACTIONS.values);

interface FindingRow {
  itemId: number;
  fiscalYear: number;
  ruleId: string;
  findingKey: string;
  severity: string;
  message: string;
  suggestedAction: string;
  details: Record<string, unknown>;
}

function toRow(plugin: Plugin, ruleId: string, snapshot: ItemSnapshot, f: Finding): FindingRow {
  if (
    !VALID_SEVERITY.has(f.severity) ||
    !VALID_ACTION.has(f.suggestedAction) ||
    typeof f.message !== 'string'
  ) {
    throw new Error(
      `规则返回的结果格式不正确（severity=${String(f.severity)}, suggestedAction=${String(f.suggestedAction)}）`,
    );
  }
  // At most 2,000 characters, without cutting a surrogate pair in two.
  const message = f.message.slice(0, /[\uD800-\uDBFF]/.test(f.message[1999] ?? '') ? 1999 : 2000);
  const details = f.details ?? {};
  const unstorable =
    unstorablePath(message, ['message']) ??
    unstorablePath(f.key ?? '', ['key']) ??
    unstorablePath(details, ['details']);
  if (unstorable !== null) throw new Error(`规则返回的 ${unstorable} ${UNSTORABLE_TEXT_MESSAGE}`);
  const qualified = `${plugin.id}:${ruleId}`;
  return {
    itemId: snapshot.item.id,
    fiscalYear: snapshot.calendar.fiscalYear,
    ruleId: qualified,
    findingKey: f.key ? `${qualified}:${f.key}` : qualified,
    severity: f.severity,
    message,
    suggestedAction: f.suggestedAction,
    details,
  };
}

/** One rule's findings as rows, all or none: a malformed finding or a repeated key is the rule's error. */
function rowsOf(
  plugin: Plugin,
  ruleId: string,
  findings: ReadonlyArray<Finding & { itemId?: number }>,
  snapshotOf: (f: Finding & { itemId?: number }) => ItemSnapshot | undefined,
): FindingRow[] {
  const duplicated = duplicateFindingKeys(findings);
  if (duplicated.length > 0) throw new Error(duplicateKeysMessage(duplicated));
  return findings.flatMap((f) => {
    const snap = snapshotOf(f);
    return snap ? [toRow(plugin, ruleId, snap, f)] : [];
  });
}

async function insertFindings(tx: Tx, rows: FindingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await tx.execute(sql`insert into sweep_findings (item_id, fiscal_year, rule_id, finding_key, severity, message, suggested_action, details)
      select * from json_to_recordset(${JSON.stringify(chunk)}::json) as x(
        "itemId" int, "fiscalYear" int, "ruleId" text, "findingKey" text, severity text, message text, "suggestedAction" text, details jsonb)
      on conflict do nothing`);
  }
}

interface PortfolioGroup {
  key: string;
  plugin: Plugin;
  regionId: number;
  fy: number;
  snapshots: ItemSnapshot[];
}

/**
 * Runs every fund type's monitoring rules over the monitored items, streamed in (fund type,
 * region) order so portfolio rules see their whole portfolio and memory stays bounded by one
 * group. A rule that throws is recorded against itself; the others go on.
 */
async function runPluginRules(
  platform: Platform,
  tx: Tx,
  asOf: string,
  errors: RuleError[],
): Promise<number> {
  const withRules = platform.registry.list().filter((p) => p.monitoringRules.length > 0);
  // Each fund type's rules run with its own configuration and settings, resolved once per sweep.
  const contexts = new Map<string, RuleContext>();
  const contextOf = (fundTypeId: string): RuleContext => {
    const known = contexts.get(fundTypeId);
    if (known) return known;
    const ctx = platform.registry.ruleContext(fundTypeId, platform.config);
    contexts.set(fundTypeId, ctx);
    return ctx;
  };
  const pending: FindingRow[] = [];
  let scanned = 0;
  let group = null as PortfolioGroup | null;
  let inserting: Promise<void> = Promise.resolve();

  const flushGroup = async () => {
    if (!group) return;
    const { plugin, regionId, fy, snapshots } = group;
    group = null;
    const portfolioRules = plugin.monitoringRules.filter((r) => r.scope === 'portfolio');
    if (portfolioRules.length === 0) return;
    const facts = await loadRegionFacts(tx, regionId, fy);
    const byId = new Map(snapshots.map((s) => [s.item.id, s]));
    const ctx = contextOf(plugin.id);
    for (const rule of portfolioRules) {
      try {
        const findings = rule.evaluate(snapshots, facts, ctx);
        pending.push(...rowsOf(plugin, rule.id, findings, (f) => byId.get(f.itemId as number)));
      } catch (err) {
        errors.push({ ruleId: `${plugin.id}:${rule.id}`, itemId: null, message: errMessage(err) });
      }
    }
  };

  const usesIndicators = withRules.filter((p) =>
    p.monitoringRules.some((r) => r.uses?.includes('indicators')),
  );
  const stream = streamSnapshots(
    tx,
    withRules.map((p) => p.id),
    usesIndicators.map((p) => p.id),
    asOf,
  );
  for await (const { snapshot: snap, regionId } of stream) {
    scanned++;
    const plugin = platform.registry.get(snap.item.fundTypeId);
    if (!plugin) continue;
    const key = `${plugin.id}|${regionId}|${snap.calendar.fiscalYear}`;
    if (group?.key !== key) {
      await flushGroup();
      group = { key, plugin, regionId, fy: snap.calendar.fiscalYear, snapshots: [] };
    }
    if (plugin.monitoringRules.some((r) => r.scope === 'portfolio')) group.snapshots.push(snap);
    const ctx = contextOf(plugin.id);
    for (const rule of plugin.monitoringRules) {
      if (rule.scope !== 'item') continue;
      try {
        pending.push(...rowsOf(plugin, rule.id, rule.evaluate(snap, ctx), () => snap));
      } catch (err) {
        errors.push({ ruleId: `${plugin.id}:${rule.id}`, itemId: snap.item.id, message: errMessage(err) });
      }
    }
    if (pending.length >= 2000) {
      // Not awaited here: the insert runs in the database while the next snapshots are built
      // (queries on one connection run in order). At most one insert is in flight.
      await inserting;
      inserting = insertFindings(tx, pending.splice(0));
      inserting.catch(() => {}); // surfaced by the next await
    }
  }
  await flushGroup();
  await inserting;
  await insertFindings(tx, pending.splice(0));
  return scanned;
}

function errMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

const SEV_RANK = `case %s when 'yellow' then 1 when 'orange' then 2 when 'red' then 3 else 0 end`;
const rank = (col: string) => sql.raw(SEV_RANK.replace('%s', col));

interface MergeCounts {
  created: number;
  updated: number;
  closed: number;
  escalated: number;
}

/** How many warnings a 预警汇总 names (most severe first). */
const BATCH_LISTED = 5;

/**
 * Outbox rows for the people who must act on the warnings this run opened or escalated: one
 * message per warning, or — for whoever would get more than `maxPerRecipient` of them — one
 * summary (预警汇总) listing the most severe. A province's first sweep would otherwise send one
 * officer hundreds of messages and spend DingTalk's call quota on a single morning.
 */
async function queueWarningMessages(tx: Tx, runId: number, maxPerRecipient: number): Promise<void> {
  await tx.execute(sql`
    with events as materialized (
      select c.warning_id, c.change, w.severity, w.escalation_level, w.item_id, r.user_id,
             count(*) over (partition by r.user_id) as n
      from sweep_changes c join warnings w on w.id = c.warning_id
      join lateral (${warningRecipientsSql()}) r on true
      where c.change in ('new', 'escalated')
    )
    insert into outbox (kind, dedupe_key, recipient_user_id, payload)
    select 'warning', 'warning:' || warning_id || ':' || change || ':' || severity || ':' || escalation_level || ':' || user_id,
           user_id, jsonb_build_object('warningId', warning_id, 'event', change, 'severity', severity, 'itemId', item_id)
    from events where n <= ${maxPerRecipient}::int
    union all
    select 'warning_batch', ${warningBatchKeySql(sql`${runId}::int`, sql`user_id`)}, user_id,
           jsonb_build_object('runId', ${runId}::int,
             'created', count(*) filter (where change = 'new'),
             'escalated', count(*) filter (where change = 'escalated'),
             'red', count(*) filter (where severity = 'red'),
             'orange', count(*) filter (where severity = 'orange'),
             'yellow', count(*) filter (where severity = 'yellow'),
             'warningIds', to_jsonb((array_agg(warning_id order by ${rank('severity')} desc, warning_id))[1:${BATCH_LISTED}::int]))
    from events where n > ${maxPerRecipient}::int
    group by user_id
    on conflict (dedupe_key) do nothing`);
}

/**
 * Turns the findings into warnings, set-based: a known finding updates its warning only when
 * something changed, a new one opens a warning, and a warning whose finding is gone is closed
 * with the reason. New and escalated warnings get outbox rows; every change gets an audit entry.
 */
async function mergeFindings(
  platform: Platform,
  tx: Tx,
  runId: number,
  erroredRules: string[],
): Promise<MergeCounts> {
  // One pass over the findings and the live warnings classifies every difference; the changes
  // are then applied from that (usually small) set. Rules that failed this run keep their warnings.
  const errored = erroredRules.length
    ? sql`and w.rule_id not in (${sql.join(
        erroredRules.map((r) => sql`${r}`),
        sql`, `,
      )})`
    : sql``;
  await tx.execute(sql`
    create unlogged table sweep_diff as
    select case when w.id is null then 'new' when f.item_id is null then 'gone' else 'changed' end as kind,
           w.id as warning_id, w.severity as old_severity, ${rank('f.severity')} > ${rank('w.severity')} as worse,
           f.item_id, f.fiscal_year, f.rule_id, f.finding_key, f.severity, f.message, f.suggested_action, f.details
    from sweep_findings f
    full join (select * from warnings where status <> 'closed') w
      on w.item_id = f.item_id and w.fiscal_year = f.fiscal_year and w.finding_key = f.finding_key
    where w.id is null
       or (f.item_id is null ${errored})
       or (f.item_id is not null
           and (w.severity, w.message, w.suggested_action, w.details) is distinct from (f.severity, f.message, f.suggested_action, f.details))`);
  await tx.execute(sql`analyze sweep_diff`);

  await tx.execute(sql`create unlogged table sweep_changes (warning_id int, change text, old_severity text)`);
  // Status is read again under the row lock: someone may have acknowledged or resolved it meanwhile.
  await tx.execute(sql`
    with upd as (
      update warnings w set severity = c.severity, message = c.message, suggested_action = c.suggested_action,
             details = c.details, changed_at = now(), last_run_id = ${runId}::int,
             status = case when c.worse and w.status in ('resolved', 'acknowledged') then 'open' else w.status end,
             escalation_level = w.escalation_level + case when c.worse then 1 else 0 end,
             escalated_at = case when c.worse then now() else w.escalated_at end
      from sweep_diff c where c.kind = 'changed' and w.id = c.warning_id and w.status <> 'closed'
      returning w.id, c.worse, c.old_severity
    )
    insert into sweep_changes select id, case when worse then 'escalated' else 'updated' end, old_severity from upd`);
  await tx.execute(sql`
    with ins as (
      insert into warnings (item_id, fiscal_year, rule_id, finding_key, org_unit_id, fund_type_id, severity, message,
                            suggested_action, details, last_run_id)
      select f.item_id, f.fiscal_year, f.rule_id, f.finding_key, bi.org_unit_id, bi.fund_type_id, f.severity, f.message,
             f.suggested_action, f.details, ${runId}::int
      from sweep_diff f join budget_items bi on bi.id = f.item_id where f.kind = 'new'
      returning id
    )
    insert into sweep_changes select id, 'new', null from ins`);
  await tx.execute(sql`
    with cl as (
      update warnings w set status = 'closed', closed_at = now(), changed_at = now(), last_run_id = ${runId}::int,
             close_reason = case when bi.state in ${MONITORED_STATES_SQL} and bi.current_fiscal_year = w.fiscal_year
                                 then '预警条件已消除（监控扫描第' || ${runId}::text || '次自动关闭）'
                                 else '项目已不在本年度执行监控范围，预警自动关闭' end
      from sweep_diff g, budget_items bi
      where g.kind = 'gone' and w.id = g.warning_id and bi.id = w.item_id and w.status <> 'closed'
      returning w.id
    )
    insert into sweep_changes select id, 'closed', null from cl`);

  // Statistics first: a handful of changes should join warnings by key, a province's worth by hash.
  await tx.execute(sql`analyze sweep_changes`);
  await queueWarningMessages(tx, runId, platform.config.monitoring.maxPushesPerRecipient);
  await auditSweepChanges(tx, runId, platform.now());
  const counts = await queryRows<{ change: string; n: number }>(
    tx,
    sql`select change, count(*)::int as n from sweep_changes group by change`,
  );
  const count = (kind: string) => Number(counts.find((c) => c.change === kind)?.n ?? 0);
  return {
    created: count('new'),
    updated: count('updated'),
    closed: count('closed'),
    escalated: count('escalated'),
  };
}

/**
 * The monitoring sweep (双监控): core rules as set-based SQL, every plugin's rules in batches,
 * findings merged into warnings idempotently. It runs in one transaction under an advisory lock,
 * so two servers never run it at once and a sweep killed half-way leaves nothing behind (its
 * run-log row is marked interrupted by the next run, which does the whole job).
 */
export async function runSweep(platform: Platform, opts: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const asOf = opts.asOf ?? today(platform);
  const runner = `${hostname()}:${process.pid}`;
  const [run] = await platform.db
    .insert(monitoringRuns)
    .values({ trigger: opts.trigger, triggeredBy: opts.triggeredBy ?? null, asOf, runner })
    .returning({ id: monitoringRuns.id });
  const runId = (run as { id: number }).id;
  try {
    return await platform.db.transaction(async (tx) => {
      const locked = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK_KEY}) as ok`,
      );
      if (!locked[0]?.ok) throw new ConflictError('已有监控扫描正在运行，请稍后查看结果', { runId });
      // We hold the lock, so any other run still marked running was cut off.
      await tx.execute(sql`update monitoring_runs set status = 'interrupted', finished_at = now()
                           where status = 'running' and id <> ${runId}`);
      const paymentsByMonth = platform.registry
        .list()
        .some((p) => p.monitoringRules.some((r) => r.uses?.includes('paymentsByMonth')));
      await materialiseSweepData(tx, asOf, platform.config, { paymentsByMonth });
      await runCoreRules(tx, asOf, platform.config);
      await opts.onPhase?.('core');
      const errors: RuleError[] = [];
      const itemsScanned = await runPluginRules(platform, tx, asOf, errors);
      await opts.onPhase?.('plugins');
      const findingsRows = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from sweep_findings`,
      );
      const erroredRules = [...new Set(errors.map((e) => e.ruleId))];
      const merged = await mergeFindings(platform, tx, runId, erroredRules);
      await opts.onPhase?.('merge');
      await dropSweepWorkTables(tx);
      const durationMs = Date.now() - started;
      const result: SweepResult = {
        runId,
        asOf,
        itemsScanned,
        findings: Number(findingsRows[0]?.n ?? 0),
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
}
