import type { IndicatorSnapshot, ItemSnapshot } from '@jixiao/core';
import { parseIsoDate, ratioBp } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../client.ts';
import { indexWorkTable, workTable } from './working-set.ts';

/** One cursor row: its columns' values, in the order the cursor selected them. */
type Values = readonly unknown[];
type Latest = NonNullable<IndicatorSnapshot['latest']>;

/**
 * Reads a server-side cursor in chunks, one row at a time, with look-ahead. The next chunk is
 * requested as soon as the current one arrives, so the database reads it while we work.
 * Each row travels as one JSON array (`select json_build_array(…) as r`): the driver then parses
 * one value per row instead of two dozen, which was most of the sweep's JavaScript time.
 */
class CursorReader {
  private buffer: Values[] = [];
  private index = 0;
  private ahead: Promise<Values[]> | null = null;
  private done = false;

  constructor(
    private readonly tx: Tx,
    private readonly name: string,
    private readonly chunk: number,
  ) {}

  private fetch(): Promise<Values[]> {
    const rows = queryRows<{ r: unknown }>(this.tx, sql.raw(`fetch ${this.chunk} from ${this.name}`)).then(
      (page) => page.map((p) => (typeof p.r === 'string' ? JSON.parse(p.r) : p.r) as Values),
    );
    rows.catch(() => {}); // awaited (and its error surfaced) in peek()
    return rows;
  }

  async peek(): Promise<Values | undefined> {
    if (this.index >= this.buffer.length && !this.done) {
      this.buffer = await (this.ahead ?? this.fetch());
      this.index = 0;
      this.done = this.buffer.length < this.chunk;
      this.ahead = this.done ? null : this.fetch();
    }
    return this.buffer[this.index];
  }

  async next(): Promise<Values | undefined> {
    const row = await this.peek();
    if (row) this.index++;
    return row;
  }

  /** Waits for a look-ahead still in flight (the cursor must not be closed under it). */
  async settle(): Promise<void> {
    await this.ahead?.catch(() => {});
  }
}

/**
 * The current-year indicators of the monitored items with their latest report (columns of
 * `indicators` plus item, fy, fund type, region and the report).
 */
const SWEEP_INDICATORS_SQL = sql.raw(`
  select ind.id, ind.item_id, i.fy, i.fund_type_id, i.region_id, ind.position, ind.name, ind.level1, ind.level2,
         ind.operator, ind.unit, ind.weight, ind.target_value, ind.target_min, ind.target_max, ind.target_text,
         l.reported_on, l.actual_value, l.qualitative_status, l.forecast_value, l.likelihood, l.deviation_reason,
         l.deviation_note, l.corrective_measure
  from sweep_items i
  join indicators ind on ind.target_id = i.target_id
  left join sweep_latest l on l.indicator_id = ind.id
  where i.target_status = 'approved'`);

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

// Keep in the order `indicatorOf` destructures.
const INDICATOR_COLUMNS = `item_id, id, name, level1, level2, operator, unit, weight, target_value, target_min, target_max,
  target_text, reported_on, actual_value, qualitative_status, forecast_value, likelihood, deviation_reason, deviation_note,
  corrective_measure`;

function indicatorOf(v: Values): IndicatorSnapshot {
  const [
    ,
    id,
    name,
    level1,
    level2,
    operator,
    unit,
    weight,
    targetValue,
    targetMin,
    targetMax,
    targetText,
    reportedOn,
    actualValue,
    qualitativeStatus,
    forecastValue,
    likelihood,
    deviationReason,
    deviationNote,
    corrective,
  ] = v;
  return {
    id: Number(id),
    name: String(name),
    level1: level1 as IndicatorSnapshot['level1'],
    level2: level2 as IndicatorSnapshot['level2'],
    operator: operator as IndicatorSnapshot['operator'],
    targetValue: num(targetValue),
    targetMin: num(targetMin),
    targetMax: num(targetMax),
    targetText: str(targetText),
    unit: String(unit ?? ''),
    weight: Number(weight),
    latest:
      reportedOn === null || reportedOn === undefined
        ? null
        : {
            reportedOn: String(reportedOn),
            actualValue: num(actualValue),
            qualitativeStatus: str(qualitativeStatus) as Latest['qualitativeStatus'],
            forecastValue: num(forecastValue),
            likelihood: str(likelihood) as Latest['likelihood'],
            deviationReason: str(deviationReason) as Latest['deviationReason'],
            deviationNote: str(deviationNote),
            correctiveMeasure: str(corrective),
          },
  };
}

// Keep in the order `snapshotOf` destructures.
const ITEM_COLUMNS = `id, code, name, kind, fund_type_id, org_unit_id, org_name, region_id, fiscal_year_start,
  fiscal_year_end, fy, approved, responsible_person, is_new_major, is_special_transfer, attributes, state, target_goal,
  target_status, tp, paid, payment_count, last_paid_on, by_month`;

function snapshotOf(
  v: Values,
  indicators: IndicatorSnapshot[],
  asOf: string,
  asOfParts: { year: number; month: number },
): ItemSnapshot {
  const [
    id,
    code,
    name,
    kind,
    fundTypeId,
    orgUnitId,
    orgName,
    regionId,
    fyStart,
    fyEnd,
    fyValue,
    approvedValue,
    responsible,
    isNewMajor,
    isSpecialTransfer,
    attributes,
    state,
    targetGoal,
    targetStatus,
    tp,
    paidValue,
    paymentCount,
    lastPaidOn,
    byMonth,
  ] = v;
  const approved = Number(approvedValue);
  const paid = Number(paidValue);
  const fy = Number(fyValue);
  return {
    item: {
      id: Number(id),
      code: String(code),
      name: String(name),
      kind: kind as ItemSnapshot['item']['kind'],
      fundTypeId: String(fundTypeId),
      orgUnitId: Number(orgUnitId),
      orgUnitName: String(orgName),
      regionId: Number(regionId),
      fiscalYearStart: Number(fyStart),
      fiscalYearEnd: Number(fyEnd),
      approvedAmountFen: approved,
      state: state as ItemSnapshot['item']['state'],
      isNewMajor: Boolean(isNewMajor),
      isSpecialTransfer: Boolean(isSpecialTransfer),
      responsiblePerson: String(responsible),
    },
    attributes: (attributes as Record<string, unknown>) ?? {},
    target:
      targetGoal === null || targetGoal === undefined
        ? null
        : { overallGoal: String(targetGoal), approved: targetStatus === 'approved' },
    indicators,
    execution: {
      paidFen: paid,
      paymentCount: Number(paymentCount),
      lastPaidOn: str(lastPaidOn),
      paidByMonth: Array.isArray(byMonth) ? byMonth.map(Number) : [],
      executionRateBp: ratioBp(paid, approved),
    },
    calendar: {
      asOf,
      fiscalYear: fy,
      month: asOfParts.year === fy ? asOfParts.month : asOfParts.year > fy ? 12 : 1,
      timeProgressBp: Number(tp),
    },
  };
}

export interface StreamedSnapshot {
  snapshot: ItemSnapshot;
  regionId: number;
}

/**
 * Streams a snapshot of every monitored item of the given fund types, in (fund type, region,
 * fiscal year, id) order, by merging two cursors (items, indicators) over the sweep's work tables.
 * Memory stays bounded by the chunk size, whatever the size of the province.
 */
export async function* streamSnapshots(
  tx: Tx,
  fundTypeIds: readonly string[],
  /** Fund types whose rules read indicators; the others get `indicators: []`. */
  indicatorFundTypeIds: readonly string[],
  asOf: string,
  /** Further limits which items are streamed, as a condition on `sweep_items` columns (default: all). */
  where: (itemId: string, fundTypeId: string) => SQL = () => sql``,
  chunk = 250,
): AsyncGenerator<StreamedSnapshot> {
  if (fundTypeIds.length === 0) return;
  const list = (ids: readonly string[]) =>
    ids.length
      ? sql.join(
          ids.map((f) => sql`${f}`),
          sql`, `,
        )
      : sql`null`;
  await tx.execute(sql`declare sweep_cur_items no scroll cursor for
    select json_build_array(${sql.raw(ITEM_COLUMNS)}) as r
    from sweep_items where fund_type_id in (${list(fundTypeIds)})${where('id', 'fund_type_id')}
    order by fund_type_id, region_id, fy, id`);
  // The indicators are gathered in one parallel query first: a cursor's own query never runs in
  // parallel. The index then serves the cursor in order without sorting again.
  await tx.execute(sql`${workTable(tx)} sweep_plugin_ind as
    select * from (${SWEEP_INDICATORS_SQL}) si where fund_type_id in (${list(indicatorFundTypeIds)})${where('item_id', 'fund_type_id')}`);
  await indexWorkTable(
    tx,
    sql`create index on sweep_plugin_ind (fund_type_id, region_id, fy, item_id, position)`,
  );
  await tx.execute(sql`declare sweep_cur_ind no scroll cursor for
    select json_build_array(${sql.raw(INDICATOR_COLUMNS)}) as r
    from sweep_plugin_ind order by fund_type_id, region_id, fy, item_id, position`);
  const items = new CursorReader(tx, 'sweep_cur_items', chunk);
  const inds = new CursorReader(tx, 'sweep_cur_ind', chunk * 8);
  const asOfParts = parseIsoDate(asOf);
  try {
    for (let item = await items.next(); item; item = await items.next()) {
      const id = Number(item[0]);
      const indicators: IndicatorSnapshot[] = [];
      for (let r = await inds.peek(); r && Number(r[0]) === id; r = await inds.peek()) {
        await inds.next();
        indicators.push(indicatorOf(r));
      }
      const snapshot = snapshotOf(item, indicators, asOf, asOfParts);
      yield { regionId: snapshot.item.regionId, snapshot };
    }
  } finally {
    await Promise.all([items.settle(), inds.settle()]);
    await tx.execute(sql`close sweep_cur_items`);
    await tx.execute(sql`close sweep_cur_ind`);
  }
}
