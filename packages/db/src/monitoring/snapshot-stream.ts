import type { IndicatorSnapshot, ItemSnapshot } from '@jixiao/core';
import { parseIsoDate, ratioBp } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../client.ts';
import { SWEEP_INDICATORS_SQL } from './sweep-data.ts';

type Row = Record<string, unknown>;
type Latest = NonNullable<IndicatorSnapshot['latest']>;

/**
 * Reads a server-side cursor in chunks, one row at a time, with look-ahead. The next chunk is
 * requested as soon as the current one arrives, so the database reads it while we work.
 */
class CursorReader {
  private buffer: Row[] = [];
  private index = 0;
  private ahead: Promise<Row[]> | null = null;
  private done = false;

  constructor(
    private readonly tx: Tx,
    private readonly name: string,
    private readonly chunk: number,
  ) {}

  private fetch(): Promise<Row[]> {
    const rows = queryRows<Row>(this.tx, sql.raw(`fetch ${this.chunk} from ${this.name}`));
    rows.catch(() => {}); // awaited (and its error surfaced) in peek()
    return rows;
  }

  async peek(): Promise<Row | undefined> {
    if (this.index >= this.buffer.length && !this.done) {
      this.buffer = await (this.ahead ?? this.fetch());
      this.index = 0;
      this.done = this.buffer.length < this.chunk;
      this.ahead = this.done ? null : this.fetch();
    }
    return this.buffer[this.index];
  }

  async next(): Promise<Row | undefined> {
    const row = await this.peek();
    if (row) this.index++;
    return row;
  }

  /** Waits for a look-ahead still in flight (the cursor must not be closed under it). */
  async settle(): Promise<void> {
    await this.ahead?.catch(() => {});
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function indicatorOf(r: Row): IndicatorSnapshot {
  return {
    id: Number(r.id),
    name: String(r.name),
    level1: r.level1 as IndicatorSnapshot['level1'],
    level2: r.level2 as IndicatorSnapshot['level2'],
    operator: r.operator as IndicatorSnapshot['operator'],
    targetValue: num(r.target_value),
    targetMin: num(r.target_min),
    targetMax: num(r.target_max),
    targetText: str(r.target_text),
    unit: String(r.unit ?? ''),
    weight: Number(r.weight),
    latest:
      r.reported_on === null || r.reported_on === undefined
        ? null
        : {
            reportedOn: String(r.reported_on),
            actualValue: num(r.actual_value),
            qualitativeStatus: str(r.qualitative_status) as Latest['qualitativeStatus'],
            forecastValue: num(r.forecast_value),
            likelihood: str(r.likelihood) as Latest['likelihood'],
            deviationReason: str(r.deviation_reason) as Latest['deviationReason'],
            deviationNote: str(r.deviation_note),
            correctiveMeasure: str(r.corrective_measure),
          },
  };
}

export interface StreamedSnapshot {
  snapshot: ItemSnapshot;
  regionId: number;
}

/**
 * Streams a snapshot of every monitored item of the given fund types, in (fund type, region,
 * fiscal year, id) order, by merging two cursors (items, indicators) over the sweep's temp tables. Memory stays
 * bounded by the chunk size, whatever the size of the province.
 */
export async function* streamSnapshots(
  tx: Tx,
  fundTypeIds: readonly string[],
  /** Fund types whose rules read indicators; the others get `indicators: []`. */
  indicatorFundTypeIds: readonly string[],
  asOf: string,
  chunk = 250,
): AsyncGenerator<StreamedSnapshot> {
  if (fundTypeIds.length === 0) return;
  const inTypes = sql.join(
    fundTypeIds.map((f) => sql`${f}`),
    sql`, `,
  );
  const order = 'fund_type_id, region_id, fy, id';
  await tx.execute(sql`declare sweep_cur_items no scroll cursor for
    select id, code, name, kind, fund_type_id, org_unit_id, org_name, region_id, fiscal_year_start, fiscal_year_end, fy,
           approved::text as approved, responsible_person, is_new_major, is_special_transfer, attributes, state,
           target_goal, target_status, tp, paid::text as paid, payment_count, last_paid_on::text as last_paid_on,
           by_month::text[] as by_month
    from sweep_items where fund_type_id in (${inTypes}) order by ${sql.raw(order)}`);
  const indTypes = indicatorFundTypeIds.length
    ? sql.join(
        indicatorFundTypeIds.map((f) => sql`${f}`),
        sql`, `,
      )
    : sql`null`;
  await tx.execute(sql`declare sweep_cur_ind no scroll cursor for
    select id, item_id, position, name, level1, level2, operator, unit, weight, target_value, target_min, target_max, target_text,
           reported_on::text as reported_on, actual_value, qualitative_status, forecast_value, likelihood, deviation_reason,
           deviation_note, corrective_measure
    from (${SWEEP_INDICATORS_SQL}) si where fund_type_id in (${indTypes}) order by fund_type_id, region_id, fy, item_id, position`);
  const items = new CursorReader(tx, 'sweep_cur_items', chunk);
  const inds = new CursorReader(tx, 'sweep_cur_ind', chunk * 8);
  const asOfParts = parseIsoDate(asOf);
  try {
    for (let item = await items.next(); item; item = await items.next()) {
      const id = Number(item.id);
      const byMonth = item.by_month as unknown[] | null;
      const paidByMonth = byMonth ? byMonth.map(Number) : [];
      const indicators: IndicatorSnapshot[] = [];
      for (let r = await inds.peek(); r && Number(r.item_id) === id; r = await inds.peek()) {
        await inds.next();
        indicators.push(indicatorOf(r));
      }
      const approved = Number(item.approved);
      const paid = Number(item.paid);
      const fy = Number(item.fy);
      yield {
        regionId: Number(item.region_id),
        snapshot: {
          item: {
            id,
            code: String(item.code),
            name: String(item.name),
            kind: item.kind as ItemSnapshot['item']['kind'],
            fundTypeId: String(item.fund_type_id),
            orgUnitId: Number(item.org_unit_id),
            orgUnitName: String(item.org_name),
            regionId: Number(item.region_id),
            fiscalYearStart: Number(item.fiscal_year_start),
            fiscalYearEnd: Number(item.fiscal_year_end),
            approvedAmountFen: approved,
            state: item.state as ItemSnapshot['item']['state'],
            isNewMajor: Boolean(item.is_new_major),
            isSpecialTransfer: Boolean(item.is_special_transfer),
            responsiblePerson: String(item.responsible_person),
          },
          attributes: (item.attributes as Record<string, unknown>) ?? {},
          target:
            item.target_goal === null || item.target_goal === undefined
              ? null
              : { overallGoal: String(item.target_goal), approved: item.target_status === 'approved' },
          indicators,
          execution: {
            paidFen: paid,
            paymentCount: Number(item.payment_count),
            lastPaidOn: str(item.last_paid_on),
            paidByMonth,
            executionRateBp: ratioBp(paid, approved),
          },
          calendar: {
            asOf,
            fiscalYear: fy,
            month: asOfParts.year === fy ? asOfParts.month : asOfParts.year > fy ? 12 : 1,
            timeProgressBp: Number(item.tp),
          },
        },
      };
    }
  } finally {
    await Promise.all([items.settle(), inds.settle()]);
    await tx.execute(sql`close sweep_cur_items`);
    await tx.execute(sql`close sweep_cur_ind`);
  }
}
