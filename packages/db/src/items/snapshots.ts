import {
  type IndicatorSnapshot,
  type ItemSnapshot,
  type PolicyConfig,
  parseIsoDate,
  ratioBp,
  timeProgressBp,
} from '@jixiao/core';
import { and, inArray, isNull, or, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { executionRecords, indicatorReports, indicators, performanceTargets } from '../schema/index.ts';
import type { ItemRow } from './item-queries.ts';

/**
 * Builds the typed snapshots rules look at, for many items at once (a handful of set-based
 * queries per batch, not per item). Each item is seen in its current fiscal year.
 */
export async function loadSnapshots(
  db: DbOrTx,
  items: readonly ItemRow[],
  asOf: string,
  config: PolicyConfig,
): Promise<ItemSnapshot[]> {
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const targets = await db
    .select()
    .from(performanceTargets)
    .where(
      and(
        inArray(performanceTargets.itemId, ids),
        or(
          isNull(performanceTargets.fiscalYear),
          sql`${performanceTargets.fiscalYear} = (select bi.current_fiscal_year from budget_items bi where bi.id = ${performanceTargets.itemId})`,
        ),
      ),
    );
  const yearTargetByItem = new Map<number, (typeof targets)[number]>();
  for (const t of targets) if (t.fiscalYear !== null) yearTargetByItem.set(t.itemId, t);
  const targetIds = [...yearTargetByItem.values()].map((t) => t.id);
  const inds = targetIds.length
    ? await db
        .select()
        .from(indicators)
        .where(inArray(indicators.targetId, targetIds))
        .orderBy(indicators.position)
    : [];
  const latest = inds.length
    ? await db
        .selectDistinctOn([indicatorReports.indicatorId])
        .from(indicatorReports)
        .where(
          inArray(
            indicatorReports.indicatorId,
            inds.map((i) => i.id),
          ),
        )
        .orderBy(
          indicatorReports.indicatorId,
          sql`${indicatorReports.reportedOn} desc`,
          sql`${indicatorReports.id} desc`,
        )
    : [];
  const latestByIndicator = new Map(latest.map((r) => [r.indicatorId, r]));
  const payments = await queryRows<{ item_id: number; month: number; paid: string; n: number; last: string }>(
    db,
    sql`select e.item_id, extract(month from e.paid_on)::int as month, sum(e.amount_fen)::text as paid,
               count(*)::int as n, max(e.paid_on)::text as last
        from ${executionRecords} e join budget_items bi on bi.id = e.item_id and e.fiscal_year = bi.current_fiscal_year
        where e.item_id in ${sql.raw(`(${ids.join(',')})`)} and e.paid_on <= ${asOf}
        group by 1, 2`,
  );
  const asOfParts = parseIsoDate(asOf);
  const indicatorsByItem = new Map<number, IndicatorSnapshot[]>();
  for (const ind of inds) {
    const r = latestByIndicator.get(ind.id);
    const list = indicatorsByItem.get(ind.itemId) ?? [];
    list.push({
      id: ind.id,
      name: ind.name,
      level1: ind.level1,
      level2: ind.level2,
      operator: ind.operator,
      targetValue: ind.targetValue,
      targetMin: ind.targetMin,
      targetMax: ind.targetMax,
      targetText: ind.targetText,
      unit: ind.unit,
      weight: ind.weight,
      latest: r
        ? {
            reportedOn: r.reportedOn,
            actualValue: r.actualValue,
            qualitativeStatus: r.qualitativeStatus,
            forecastValue: r.forecastValue,
            likelihood: r.likelihood,
            deviationReason: r.deviationReason,
            deviationNote: r.deviationNote,
            correctiveMeasure: r.correctiveMeasure,
          }
        : null,
    });
    indicatorsByItem.set(ind.itemId, list);
  }
  const payByItem = new Map<number, { byMonth: number[]; total: number; n: number; last: string | null }>();
  for (const p of payments) {
    const entry = payByItem.get(p.item_id) ?? {
      byMonth: Array.from({ length: 12 }, () => 0),
      total: 0,
      n: 0,
      last: null,
    };
    const paid = Number(p.paid);
    entry.byMonth[p.month - 1] = paid;
    entry.total += paid;
    entry.n += Number(p.n);
    if (entry.last === null || p.last > entry.last) entry.last = p.last;
    payByItem.set(p.item_id, entry);
  }
  return items.map((item) => {
    const target = yearTargetByItem.get(item.id);
    const pay = payByItem.get(item.id);
    const fiscalYear = item.currentFiscalYear;
    return {
      item: {
        id: item.id,
        code: item.code,
        name: item.name,
        kind: item.kind,
        fundTypeId: item.fundTypeId,
        orgUnitId: item.orgUnit.id,
        orgUnitName: item.orgUnit.name,
        regionId: item.regionId,
        fiscalYearStart: item.fiscalYearStart,
        fiscalYearEnd: item.fiscalYearEnd,
        approvedAmountFen: item.approvedAmountFen,
        state: item.state,
        isNewMajor: item.isNewMajor,
        isSpecialTransfer: item.isSpecialTransfer,
        responsiblePerson: item.responsiblePerson,
      },
      attributes: item.attributes,
      target: target ? { overallGoal: target.overallGoal, approved: target.status === 'approved' } : null,
      indicators: indicatorsByItem.get(item.id) ?? [],
      execution: {
        paidFen: pay?.total ?? 0,
        paymentCount: pay?.n ?? 0,
        lastPaidOn: pay?.last ?? null,
        paidByMonth: pay?.byMonth ?? Array.from({ length: 12 }, () => 0),
        executionRateBp: ratioBp(pay?.total ?? 0, item.approvedAmountFen),
      },
      calendar: {
        asOf,
        fiscalYear,
        month: asOfParts.year === fiscalYear ? asOfParts.month : asOfParts.year > fiscalYear ? 12 : 1,
        timeProgressBp: timeProgressBp(asOf, fiscalYear, config.monitoring.timeProgressBasis),
      },
    };
  });
}
