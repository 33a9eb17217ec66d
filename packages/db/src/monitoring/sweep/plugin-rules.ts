import {
  type Finding,
  type ItemSnapshot,
  type RuleContext,
  SEVERITIES,
  SUGGESTED_ACTIONS,
  UNSTORABLE_TEXT_MESSAGE,
  unstorablePath,
} from '@jixiao/core';
import { duplicateFindingKeys, duplicateKeysMessage, type Plugin } from '@jixiao/plugin-kit';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../client.ts';
import { loadRegionFacts } from '../../items/scoped-reader.ts';
import type { Platform } from '../../platform.ts';
import type { SweepMode } from './plan.ts';
import type { RuleError } from './run-sweep.ts';
import { streamSnapshots } from './snapshot-stream.ts';

type DateRule = Pick<Plugin['monitoringRules'][number], 'id' | 'inputs' | 'dateChanges'>;

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
export async function runPluginRules(
  platform: Platform,
  tx: Tx,
  asOf: string,
  errors: RuleError[],
  mode: SweepMode = 'full',
): Promise<number> {
  const withRules = platform.registry.list().filter((p) => p.monitoringRules.length > 0);
  // A nightly run: the rules that read the date over every item, the others over the changed
  // items. Items only present for their portfolio's sake (nightly or on change) get the portfolio rules alone.
  const nightly = mode === 'nightly';
  const dirty =
    mode === 'full'
      ? null
      : await queryRows<{ id: number; p: boolean }>(
          tx,
          sql`select item_id as id, portfolio_only as p from sweep_dirty`,
        );
  const changed = new Set((dirty ?? []).filter((r) => !r.p).map((r) => Number(r.id)));
  const portfolioOnly = new Set((dirty ?? []).filter((r) => r.p).map((r) => Number(r.id)));
  // A nightly run: the date rules that declared on which days they can change, where such a day came.
  const due = new Set(
    nightly
      ? (
          await queryRows<{ id: number; rule: string }>(
            tx,
            sql`select item_id as id, rule_id as rule from sweep_date_due`,
          )
        ).map((r) => `${r.rule}|${r.id}`)
      : [],
  );
  const dateDue = (pluginId: string, rule: DateRule, itemId: number) =>
    rule.inputs.includes('date') && (!rule.dateChanges || due.has(`${pluginId}:${rule.id}|${itemId}`));
  const runsItemRule = (pluginId: string, rule: DateRule, itemId: number) => {
    if (mode === 'full') return true;
    if (portfolioOnly.has(itemId)) return nightly && dateDue(pluginId, rule, itemId);
    return mode === 'changed' || changed.has(itemId) || dateDue(pluginId, rule, itemId);
  };
  // Fund types with a date rule that runs over every item (no `dateChanges`): streamed whole.
  const everydayFundTypes = withRules
    .filter((p) => p.monitoringRules.some((r) => r.inputs.includes('date') && !r.dateChanges))
    .map((p) => p.id);
  const where = (itemId: string, fundTypeId: string): SQL =>
    nightly
      ? sql` and (${sql.raw(fundTypeId)} in (${
          everydayFundTypes.length
            ? sql.join(
                everydayFundTypes.map((f) => sql`${f}`),
                sql`, `,
              )
            : sql`null`
        }) or ${sql.raw(itemId)} in (select item_id from sweep_dirty)
           or ${sql.raw(itemId)} in (select item_id from sweep_date_due))`
      : sql``;
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
      // Portfolios come whole (a changed item brings its portfolio): a nightly run judges a
      // portfolio rule that does not read the date only over portfolios with a changed item.
      if (
        nightly &&
        !snapshots.some(
          (s) =>
            changed.has(s.item.id) || portfolioOnly.has(s.item.id) || dateDue(plugin.id, rule, s.item.id),
        )
      )
        continue;
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
    where,
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
      if (rule.scope !== 'item' || !runsItemRule(plugin.id, rule, snap.item.id)) continue;
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

export function errMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}
