import {
  type IndicatorInput,
  InputError,
  type PolicyConfig,
  type QualityFinding,
  qualityIssues,
  qualityMessage,
  targetQualityFindings,
} from '@jixiao/core';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client.ts';
import type { ItemRow } from '../items/item-queries.ts';
import type { Platform } from '../platform.ts';
import {
  indicatorReports,
  indicators,
  performanceTargets,
  type StoredQualityFinding,
} from '../schema/index.ts';
import {
  type ContentIndicatorRow,
  type ItemTargetContent,
  liveContent,
  loadQualityContext,
} from './quality-context.ts';

/** Input indicator lines as content rows, matched by name to the live indicators they continue. */
export function contentFromInput(
  overallGoal: string,
  lines: readonly IndicatorInput[],
  live: ItemTargetContent | null,
): ItemTargetContent {
  const byName = new Map((live?.indicators ?? []).map((i) => [i.name, i.indicatorId]));
  return {
    overallGoal,
    indicators: lines.map((l, position) => ({
      position,
      name: l.name,
      level1: l.level1,
      level2: l.level2,
      operator: l.operator,
      targetValue: l.targetValue ?? null,
      targetMin: l.targetMin ?? null,
      targetMax: l.targetMax ?? null,
      targetText: l.targetText ?? null,
      unit: l.unit,
      weight: l.weight,
      basis: l.basis,
      libraryIndicatorId: l.libraryIndicatorId ?? null,
      indicatorId: byName.get(l.name) ?? null,
    })),
  };
}

export interface CheckedContent {
  findings: QualityFinding[];
  /** The findings with their messages (after a refusal check: only flags), kept with the submission. */
  flags: StoredQualityFinding[];
}

/** The quality checks of content for an item's target, with their messages. */
export async function qualityOf(
  platform: Platform,
  db: DbOrTx,
  item: ItemRow,
  fiscalYear: number | null,
  content: ItemTargetContent,
): Promise<CheckedContent> {
  const ctx = await loadQualityContext(db, item, fiscalYear, content.indicators);
  const findings = targetQualityFindings(
    { fiscalYear, indicators: content.indicators },
    ctx,
    platform.config,
  );
  return { findings, flags: withMessages(findings, content, platform.config) };
}

/** Findings as a submission keeps them: each with its Chinese message. */
export function withMessages(
  findings: readonly QualityFinding[],
  content: ItemTargetContent,
  config: PolicyConfig,
): StoredQualityFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    position: f.position,
    message: qualityMessage(f, content, config),
  }));
}

/** Same, refusing (InputError naming each field) when a finding blocks. */
export async function checkContent(
  platform: Platform,
  db: DbOrTx,
  item: ItemRow,
  fiscalYear: number | null,
  content: ItemTargetContent,
): Promise<CheckedContent> {
  const checked = await qualityOf(platform, db, item, fiscalYear, content);
  refuseBlocking(checked.findings, content, platform.config, '绩效目标未通过质量检查');
  return checked;
}

/** Refuses (InputError naming each field, after `lead`) when a finding blocks. */
export function refuseBlocking(
  findings: readonly QualityFinding[],
  content: ItemTargetContent,
  config: PolicyConfig,
  lead: string,
): void {
  const blocking = findings.filter((f) => f.severity === 'block');
  if (blocking.length === 0) return;
  const issues = qualityIssues(blocking, content, config);
  throw new InputError(`${lead}：${issues.map((i) => `${i.message}（字段 ${i.path}）`).join('；')}`, issues, {
    findings: blocking.map((f) => ({ rule: f.rule, position: f.position })),
  });
}

/**
 * A multi-year item's annual targets must stay consistent with its whole-cycle target (IN-10):
 * those already sent or approved are checked against a cycle target being submitted or changed
 * (drafts are checked when they are sent).
 */
export async function refuseInconsistentAnnuals(
  platform: Platform,
  db: DbOrTx,
  item: ItemRow,
  cycle: ItemTargetContent,
): Promise<void> {
  if (item.fiscalYearStart >= item.fiscalYearEnd) return;
  const annuals = await db
    .select({ id: performanceTargets.id, fiscalYear: performanceTargets.fiscalYear })
    .from(performanceTargets)
    .where(
      and(
        eq(performanceTargets.itemId, item.id),
        isNotNull(performanceTargets.fiscalYear),
        inArray(performanceTargets.status, ['submitted', 'approved']),
      ),
    );
  for (const a of annuals) {
    const content = await liveContent(db, a.id);
    const ctx = await loadQualityContext(db, item, a.fiscalYear, content.indicators);
    const findings = targetQualityFindings(
      { fiscalYear: a.fiscalYear, indicators: content.indicators },
      { ...ctx, cycle: { fiscalYear: null, indicators: cycle.indicators } },
      platform.config,
    ).filter((f) => f.rule === 'cycle-consistency');
    refuseBlocking(findings, content, platform.config, `全周期目标与${a.fiscalYear}年度目标不衔接`);
  }
}

/** Indicators an adjustment drops that already have progress reports (they stay: adjust their value instead). */
export async function refuseDroppingReported(
  tx: Tx,
  live: ItemTargetContent,
  next: ItemTargetContent,
): Promise<void> {
  const kept = new Set(next.indicators.map((i) => i.name));
  const dropped = live.indicators.filter((i) => !kept.has(i.name) && i.indicatorId !== null);
  if (dropped.length === 0) return;
  const reported = await tx
    .selectDistinct({ id: indicatorReports.indicatorId })
    .from(indicatorReports)
    .where(
      inArray(
        indicatorReports.indicatorId,
        dropped.map((d) => d.indicatorId as number),
      ),
    );
  const ids = new Set(reported.map((r) => r.id));
  const names = dropped.filter((d) => ids.has(d.indicatorId as number)).map((d) => `“${d.name}”`);
  if (names.length > 0) {
    throw new InputError(
      `字段 indicators：指标${names.join('、')}已有完成情况填报，不能删除；如需调整，请修改其目标值或权重`,
      [{ path: 'indicators', message: '不能删除已有完成情况填报的指标' }],
    );
  }
}

/** Makes the live target and its indicator rows what an approved adjustment says; rows keep their ids by name. */
export async function applyContent(
  tx: Tx,
  targetId: number,
  itemId: number,
  content: ItemTargetContent,
  at: Date,
): Promise<void> {
  const live = await liveContent(tx, targetId);
  await refuseDroppingReported(tx, live, content);
  const liveByName = new Map(live.indicators.map((i) => [i.name, i.indicatorId as number]));
  const values = (l: ContentIndicatorRow) => ({
    position: l.position,
    name: l.name,
    level1: l.level1,
    level2: l.level2,
    operator: l.operator,
    targetValue: l.targetValue,
    targetMin: l.targetMin,
    targetMax: l.targetMax,
    targetText: l.targetText,
    unit: l.unit,
    weight: l.weight,
    basis: l.basis,
    libraryIndicatorId: l.libraryIndicatorId,
  });
  const kept = new Set(content.indicators.map((l) => l.name));
  const dropped = live.indicators.filter((i) => !kept.has(i.name)).map((i) => i.indicatorId as number);
  if (dropped.length > 0) await tx.delete(indicators).where(inArray(indicators.id, dropped));
  for (const l of content.indicators) {
    const id = liveByName.get(l.name);
    if (id !== undefined) await tx.update(indicators).set(values(l)).where(eq(indicators.id, id));
    else await tx.insert(indicators).values({ ...values(l), targetId, itemId });
  }
  await tx
    .update(performanceTargets)
    .set({ overallGoal: content.overallGoal, updatedAt: at })
    .where(eq(performanceTargets.id, targetId));
}
