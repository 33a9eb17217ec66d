import {
  ConflictError,
  DomainError,
  decideTargetSubmission,
  diffTargetContent,
  exAnteTargetRefusal,
  type IndicatorInput,
  InputError,
  NotFoundError,
  type TargetSubmissionInput,
  TransitionRefusedError,
  targetQualityFindings,
} from '@jixiao/core';
import { inArray, sql } from 'drizzle-orm';
import { type Actor, permissionsAt, requirePermission, requirePermissionAt } from '../actor.ts';
import { type ExAnteStatus, loadExAnteStatuses } from '../assessments/ex-ante-facts.ts';
import { appendAudit, withBatchedAudit } from '../audit/chain.ts';
import { insertInBatches } from '../batch-insert.ts';
import { queryRows, type Tx } from '../client.ts';
import { type ItemRow, listItemsByIds } from '../items/item-queries.ts';
import { factsOf, transitionManyInTx } from '../items/transition.ts';
import type { Platform } from '../platform.ts';
import { budgetItems, indicators, performanceTargets, type StoredQualityFinding } from '../schema/index.ts';
import { checkYear } from '../targets/target-writes.ts';
import { refuseBlocking, refuseInconsistentAnnuals, withMessages } from './content.ts';
import {
  type ContentIndicatorRow,
  contentRow,
  type ItemTargetContent,
  loadQualityContexts,
  requireLibraryEntries,
} from './quality-context.ts';
import { throwRefusal } from './submit.ts';
import { queueTargetTodo } from './target-todo.ts';
import { lastReviewed, versionsOfTargets } from './versions.ts';

/** One target of a bulk submission: its content comes with it (a workbook's 申报表). */
export interface BulkTargetEntry {
  itemId: number;
  /** Names the entry in a refusal (e.g. the sheet). */
  label: string;
  input: TargetSubmissionInput & { overallGoal: string; indicators: IndicatorInput[] };
}

const yearKey = (itemId: number, fiscalYear: number | null) => `${itemId}:${fiscalYear ?? 'cycle'}`;

/** Runs `check` for an entry, naming the entry in a domain refusal. */
function named<T>(e: BulkTargetEntry, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DomainError) err.message = `${e.label}：${err.message}`;
    throw err;
  }
}

async function namedAsync<T>(e: BulkTargetEntry, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof DomainError) err.message = `${e.label}：${err.message}`;
    throw err;
  }
}

/**
 * 批量报送 from a workbook of 申报表, set-based: every target is saved and submitted in one
 * transaction with a handful of statements for the whole set (items locked together, targets,
 * indicators and versions inserted in batches, the quality checks of all targets over one read of
 * their context). What is written — targets, versions with their findings, the item transitions,
 * the to-dos and one audit entry per write — is what submitting them one by one writes; the
 * first refusal (named with its entry) leaves nothing written.
 */
export async function submitTargets(
  platform: Platform,
  actor: Actor,
  entries: readonly BulkTargetEntry[],
): Promise<number[]> {
  requirePermission(actor, 'targets.write');
  if (entries.length === 0) return [];
  return platform.db.transaction((tx) => withBatchedAudit(tx, () => submitAll(platform, tx, actor, entries)));
}

async function lockItems(tx: Tx, actor: Actor, entries: readonly BulkTargetEntry[]) {
  const ids = [...new Set(entries.map((e) => e.itemId))].sort((a, b) => a - b);
  const seen = new Map((await listItemsByIds(tx, actor, ids)).map((i) => [i.id, i]));
  for (const e of entries) {
    named(e, () => {
      const item = seen.get(e.itemId);
      if (!item) throw new NotFoundError(`项目 ${e.itemId} 不存在或不在您的数据范围内`, { itemId: e.itemId });
      requirePermissionAt(actor, 'targets.write', item.orgPath, `项目“${item.name}”`);
    });
  }
  await tx.select({ id: budgetItems.id }).from(budgetItems).where(inArray(budgetItems.id, ids)).for('update');
  return new Map((await listItemsByIds(tx, actor, ids)).map((i) => [i.id, i]));
}

async function submitAll(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  entries: readonly BulkTargetEntry[],
): Promise<number[]> {
  const items = await lockItems(tx, actor, entries);
  const itemOf = (e: BulkTargetEntry) => items.get(e.itemId) as ItemRow;
  const existing = new Map(
    (
      await tx
        .select()
        .from(performanceTargets)
        .where(inArray(performanceTargets.itemId, [...items.keys()]))
    ).map((t) => [yearKey(t.itemId, t.fiscalYear), t]),
  );
  const exAnte = await loadExAnteStatuses(tx, [...items.values()], platform.config);
  const keys = new Set(entries.map((e) => yearKey(e.itemId, e.input.fiscalYear)));
  const seenKeys = new Set<string>();
  for (const e of entries) {
    const item = itemOf(e);
    const fy = e.input.fiscalYear;
    await namedAsync(e, async () => {
      if (item.state === 'terminated' || item.state === 'closed') {
        throw new TransitionRefusedError('项目已清理退出或办结，不能报送或调整绩效目标');
      }
      const key = yearKey(item.id, fy);
      if (seenKeys.has(key)) {
        throw new InputError(`字段 fiscalYear：同一项目的${fy ?? '全周期'}绩效目标重复报送`, [
          { path: 'fiscalYear', message: '重复报送' },
        ]);
      }
      seenKeys.add(key);
      checkYear(item, fy);
      await requireLibraryEntries(tx, item, e.input.indicators);
      const prior = existing.get(key);
      if (prior && (prior.status === 'submitted' || prior.status === 'approved')) {
        throw new ConflictError(
          prior.status === 'approved'
            ? '该年度绩效目标已审核通过，不能直接修改；年度中需要调整的，请提交绩效目标调整'
            : '该年度绩效目标已报送待审，不能直接修改；如需修改请等待审核结果（退回后可修改）',
          { targetId: prior.id },
        );
      }
      const refusal = decideTargetSubmission('submit', {
        targetStatus: 'draft',
        permissions: permissionsAt(actor, item.orgPath),
        pendingAdjustment: false,
      });
      if (refusal) throwRefusal(refusal, prior ? { targetId: prior.id } : {});
      const exAnteRefusal = exAnteTargetRefusal((exAnte.get(item.id) as ExAnteStatus).gate);
      if (exAnteRefusal) throw new TransitionRefusedError(exAnteRefusal, { itemId: item.id });
      if (fy !== null && item.fiscalYearStart < item.fiscalYearEnd && !keys.has(yearKey(item.id, null))) {
        const cycle = existing.get(yearKey(item.id, null));
        if (cycle && (cycle.status === 'draft' || cycle.status === 'returned')) {
          throw new TransitionRefusedError('多年度项目须先报送全周期绩效目标，再报送年度目标', {
            itemId: item.id,
          });
        }
      }
    });
  }

  // The targets and their indicator lines, as a save of the form writes them.
  const at = platform.now();
  const targetIds = new Map<string, number>();
  const replaced = entries.filter((e) => existing.has(yearKey(e.itemId, e.input.fiscalYear)));
  if (replaced.length > 0) {
    const ids = replaced.map((e) => existing.get(yearKey(e.itemId, e.input.fiscalYear))?.id as number);
    await tx.delete(indicators).where(inArray(indicators.targetId, ids));
    for (const [i, e] of replaced.entries()) {
      const id = ids[i] as number;
      targetIds.set(yearKey(e.itemId, e.input.fiscalYear), id);
      await tx
        .update(performanceTargets)
        .set({ overallGoal: e.input.overallGoal, status: 'draft', updatedAt: at })
        .where(inArray(performanceTargets.id, [id]));
    }
  }
  const created = await insertInBatches(
    entries
      .filter((e) => !existing.has(yearKey(e.itemId, e.input.fiscalYear)))
      .map((e) => ({ itemId: e.itemId, fiscalYear: e.input.fiscalYear, overallGoal: e.input.overallGoal })),
    (chunk) =>
      tx.insert(performanceTargets).values(chunk).returning({
        id: performanceTargets.id,
        itemId: performanceTargets.itemId,
        fiscalYear: performanceTargets.fiscalYear,
      }),
  );
  for (const t of created) targetIds.set(yearKey(t.itemId, t.fiscalYear), t.id);
  const targetOf = (e: BulkTargetEntry) => targetIds.get(yearKey(e.itemId, e.input.fiscalYear)) as number;
  const lines = await insertLines(
    tx,
    entries.flatMap((e) =>
      e.input.indicators.map((ind, position) => ({
        target_id: targetOf(e),
        item_id: e.itemId,
        position,
        name: ind.name,
        level1: ind.level1,
        level2: ind.level2,
        operator: ind.operator,
        target_value: ind.targetValue ?? null,
        target_min: ind.targetMin ?? null,
        target_max: ind.targetMax ?? null,
        target_text: ind.targetText ?? null,
        unit: ind.unit,
        weight: ind.weight,
        basis: ind.basis,
        library_indicator_id: ind.libraryIndicatorId ?? null,
      })),
    ),
  );
  const linesOf = new Map<number, ContentIndicatorRow[]>();
  for (const l of lines) {
    const list = linesOf.get(l.targetId) ?? [];
    list.push(contentRow(l));
    linesOf.set(l.targetId, list);
  }
  const contents: ItemTargetContent[] = entries.map((e) => ({
    overallGoal: e.input.overallGoal,
    indicators: (linesOf.get(targetOf(e)) ?? []).sort((a, b) => a.position - b.position),
  }));

  // The quality checks of all of them over one read of their context.
  const contexts = await loadQualityContexts(
    tx,
    entries.map((e, i) => ({
      item: itemOf(e),
      fiscalYear: e.input.fiscalYear,
      lines: (contents[i] as ItemTargetContent).indicators,
    })),
  );
  const flagsOf: StoredQualityFinding[][] = [];
  for (const [i, e] of entries.entries()) {
    const content = contents[i] as ItemTargetContent;
    const fy = e.input.fiscalYear;
    const findings = targetQualityFindings(
      { fiscalYear: fy, indicators: content.indicators },
      contexts[i] as NonNullable<(typeof contexts)[number]>,
      platform.config,
    );
    await namedAsync(e, async () => {
      refuseBlocking(findings, content, platform.config, '绩效目标未通过质量检查');
      if (fy === null) await refuseInconsistentAnnuals(platform, tx, itemOf(e), content);
    });
    flagsOf.push(withMessages(findings, content, platform.config));
  }

  // The versions, with what changed since the last review.
  const history = await versionsOfTargets(
    tx,
    [...existing.values()].map((t) => t.id),
  );
  const versionRows = [];
  for (const [i, e] of entries.entries()) {
    const targetId = targetOf(e);
    const versions = history.get(targetId) ?? [];
    const base = lastReviewed(versions);
    if (base?.status === 'returned' && base.submittedBy) {
      await queueTargetTodo(tx, base.id, base.submittedBy.id, 'complete');
    }
    const content = contents[i] as ItemTargetContent;
    const item = itemOf(e);
    versionRows.push({
      target_id: targetId,
      item_id: item.id,
      org_unit_id: item.orgUnit.id,
      fiscal_year: e.input.fiscalYear,
      version: (versions.at(-1)?.version ?? 0) + 1,
      content,
      changes: base ? { ...diffTargetContent(base.content, content), since: base.version } : null,
      quality: flagsOf[i] ?? [],
      reason: e.input.note ?? null,
    });
  }
  const inserted = await queryRows<{ id: number; targetId: number }>(
    tx,
    sql`insert into target_versions (subject, target_id, item_id, org_unit_id, fiscal_year, version, kind, status, content,
          changes, quality, reason, submitted_by, submitted_at)
        select 'item', target_id, item_id, org_unit_id, fiscal_year, version, 'initial', 'submitted', content, changes,
          quality, reason, ${actor.userId}::int, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(versionRows)}::jsonb) as x(target_id int, item_id int, org_unit_id int,
          fiscal_year int, version int, content jsonb, changes jsonb, quality jsonb, reason text)
        returning id, target_id as "targetId"`,
  );
  const versionOf = new Map(inserted.map((v) => [v.targetId, v.id]));
  await tx
    .update(performanceTargets)
    .set({ status: 'submitted', updatedAt: at })
    .where(inArray(performanceTargets.id, [...targetIds.values()]));

  // The current year's submissions move their items to 目标已报送.
  const moving = entries.filter((e) => {
    const item = itemOf(e);
    return (
      e.input.fiscalYear === item.currentFiscalYear && (item.state === 'draft' || item.state === 'assessed')
    );
  });
  await appendAudit(
    tx,
    entries.map((e) => ({
      actor,
      action: existing.has(yearKey(e.itemId, e.input.fiscalYear)) ? 'target.replace' : 'target.create',
      entityType: 'performance_target',
      entityId: targetOf(e),
      itemId: e.itemId,
      after: {
        fiscalYear: e.input.fiscalYear,
        overallGoal: e.input.overallGoal,
        indicators: e.input.indicators,
      },
    })),
    at,
  );
  await transitionManyInTx(
    platform,
    tx,
    actor,
    'submit_targets',
    moving.map((e) => {
      const item = itemOf(e);
      return {
        item,
        facts: factsOf(
          actor,
          item,
          {},
          { targetProblems: [] },
          'submitted',
          exAnte.get(item.id) as ExAnteStatus,
        ),
      };
    }),
  );
  const ids = entries.map((e) => versionOf.get(targetOf(e)) as number);
  await appendAudit(
    tx,
    entries.map((e, i) => ({
      actor,
      action: 'target.submit',
      entityType: 'target_version',
      entityId: ids[i] as number,
      itemId: e.itemId,
      after: {
        targetId: targetOf(e),
        fiscalYear: e.input.fiscalYear,
        flags: (flagsOf[i] ?? []).map((f) => f.rule),
        resubmission: lastReviewed(history.get(targetOf(e)) ?? []) !== null,
      },
    })),
    at,
  );
  return ids;
}

/**
 * Inserts indicator lines passed as one JSON parameter (a bulk VALUES list of 5,000 lines binds
 * 75,000 parameters, which the drivers handle slowly); the stored rows come back.
 */
async function insertLines(tx: Tx, rows: ReadonlyArray<Record<string, unknown>>) {
  if (rows.length === 0) return [];
  return queryRows<typeof indicators.$inferSelect>(
    tx,
    sql`insert into indicators (target_id, item_id, position, name, level1, level2, operator, target_value, target_min,
          target_max, target_text, unit, weight, basis, library_indicator_id)
        select target_id, item_id, position, name, level1, level2, operator, target_value, target_min,
          target_max, target_text, unit, weight, basis, library_indicator_id
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(target_id int, item_id int, position int,
          name text, level1 text, level2 text, operator text, target_value double precision, target_min double precision,
          target_max double precision, target_text text, unit text, weight double precision, basis text,
          library_indicator_id int)
        returning id, target_id as "targetId", item_id as "itemId", position, name, level1, level2, operator,
          target_value as "targetValue", target_min as "targetMin", target_max as "targetMax", target_text as "targetText",
          unit, weight, basis, library_indicator_id as "libraryIndicatorId"`,
  );
}
