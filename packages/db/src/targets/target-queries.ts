import type {
  CompletionLikelihood,
  DeviationReason,
  IndicatorLevel1,
  IndicatorLevel2,
  Operator,
  QualitativeStatus,
} from '@jixiao/core';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { indicatorReports, indicators, performanceTargets } from '../schema/index.ts';

export interface ReportRow {
  id: number;
  indicatorId: number;
  reportedOn: string;
  actualValue: number | null;
  qualitativeStatus: QualitativeStatus | null;
  forecastValue: number | null;
  likelihood: CompletionLikelihood | null;
  deviationReason: DeviationReason | null;
  deviationNote: string | null;
  correctiveMeasure: string | null;
  reportedBy: number | null;
  createdAt: Date;
}

export interface IndicatorRow {
  id: number;
  position: number;
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  targetText: string | null;
  unit: string;
  weight: number;
  basis: 'plan' | 'industry' | 'historical' | 'other';
  libraryIndicatorId: number | null;
  latestReport: ReportRow | null;
}

export interface TargetRow {
  id: number;
  itemId: number;
  fiscalYear: number | null;
  overallGoal: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  approvedAt: Date | null;
  indicators: IndicatorRow[];
}

/** Targets of an item (optionally only one year and the whole-cycle target), with indicators and their latest reports. */
export async function loadTargets(db: DbOrTx, itemId: number, fiscalYear?: number): Promise<TargetRow[]> {
  const where =
    fiscalYear === undefined
      ? eq(performanceTargets.itemId, itemId)
      : and(
          eq(performanceTargets.itemId, itemId),
          or(eq(performanceTargets.fiscalYear, fiscalYear), isNull(performanceTargets.fiscalYear)),
        );
  const targets = await db.select().from(performanceTargets).where(where).orderBy(asc(performanceTargets.id));
  if (targets.length === 0) return [];
  const inds = await db
    .select()
    .from(indicators)
    .where(
      inArray(
        indicators.targetId,
        targets.map((t) => t.id),
      ),
    )
    .orderBy(asc(indicators.targetId), asc(indicators.position));
  const latest = await latestReports(
    db,
    inds.map((i) => i.id),
  );
  return targets.map((t) => ({
    id: t.id,
    itemId: t.itemId,
    fiscalYear: t.fiscalYear,
    overallGoal: t.overallGoal,
    status: t.status,
    approvedAt: t.approvedAt,
    indicators: inds
      .filter((i) => i.targetId === t.id)
      .map((i) => ({
        id: i.id,
        position: i.position,
        name: i.name,
        level1: i.level1,
        level2: i.level2,
        operator: i.operator,
        targetValue: i.targetValue,
        targetMin: i.targetMin,
        targetMax: i.targetMax,
        targetText: i.targetText,
        unit: i.unit,
        weight: i.weight,
        basis: i.basis,
        libraryIndicatorId: i.libraryIndicatorId,
        latestReport: latest.get(i.id) ?? null,
      })),
  }));
}

/** The newest report of each indicator. */
async function latestReports(db: DbOrTx, indicatorIds: readonly number[]): Promise<Map<number, ReportRow>> {
  const out = new Map<number, ReportRow>();
  if (indicatorIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([indicatorReports.indicatorId])
    .from(indicatorReports)
    .where(inArray(indicatorReports.indicatorId, [...indicatorIds]))
    .orderBy(
      indicatorReports.indicatorId,
      sql`${indicatorReports.reportedOn} desc`,
      sql`${indicatorReports.id} desc`,
    );
  for (const r of rows) out.set(r.indicatorId, toReportRow(r));
  return out;
}

export function toReportRow(r: typeof indicatorReports.$inferSelect): ReportRow {
  return {
    id: r.id,
    indicatorId: r.indicatorId,
    reportedOn: r.reportedOn,
    actualValue: r.actualValue,
    qualitativeStatus: r.qualitativeStatus,
    forecastValue: r.forecastValue,
    likelihood: r.likelihood,
    deviationReason: r.deviationReason,
    deviationNote: r.deviationNote,
    correctiveMeasure: r.correctiveMeasure,
    reportedBy: r.reportedBy,
    createdAt: r.createdAt,
  };
}
