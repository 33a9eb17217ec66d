import { type OverlapPair, type OverlapSubject, overlapOf } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';
import { overlapPairsSql, queryOverlapRows } from './overlap-sql.ts';

export interface OverlapView extends OverlapPair {
  items: [OverlapItem, OverlapItem];
}

export interface OverlapItem {
  id: number;
  code: string;
  name: string;
  department: string;
  amountFen: number;
  /** The bureau's latest 清理退出 decision on the item, if any. */
  decision: { decision: string; reason: string } | null;
}

/** The subjects core compares, for the items of the reported pairs. */
async function loadSubjects(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0)
    return new Map<
      number,
      OverlapSubject & { code: string; amountFen: number; decision: OverlapItem['decision'] }
    >();
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    dept_id: number;
    dept_name: string;
    description: string | null;
    functional_subject: string | null;
    amount: string;
    indicator_names: string[] | null;
    decision: string | null;
    reason: string | null;
  }>(
    db,
    sql`select bi.id, bi.code, bi.name, d.id as dept_id, d.name as dept_name, bi.description, bi.functional_subject,
               bi.approved_amount_fen::text as amount,
               (select array_agg(distinct i.name) from indicators i where i.item_id = bi.id) as indicator_names,
               dec.decision, dec.reason
          from budget_items bi
          join org_units o on o.id = bi.org_unit_id
          join org_units d on d.id = substring(o.path from '/o([0-9]+)/')::int
          left join lateral (select x.decision, x.reason from policy_exit_decisions x where x.item_id = bi.id
                              order by x.id desc limit 1) dec on true
         where bi.id in (${sql.join(
           ids.map((id) => sql`${id}::int`),
           sql`, `,
         )})`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        itemId: Number(r.id),
        code: r.code,
        name: r.name,
        departmentId: Number(r.dept_id),
        departmentName: r.dept_name,
        description: r.description,
        functionalSubject: r.functional_subject,
        indicatorNames: r.indicator_names ?? [],
        amountFen: Number(r.amount),
        decision: r.decision ? { decision: r.decision, reason: r.reason ?? '' } : null,
      },
    ]),
  );
}

/**
 * 交叉重复、碎片化 (seed §十六, EV-11): pairs of live items in different departments of one
 * government that look like one purpose paid twice, found set-based over the whole scope and
 * each explained by core (shared terms in the names, same functional subject, same indicators,
 * similar descriptions). Reads only.
 */
export async function listOverlaps(
  platform: Platform,
  actor: Actor,
  input: { fiscalYear: number; limit?: number },
): Promise<OverlapView[]> {
  requirePermission(actor, 'results.apply');
  const cfg = platform.config.resultApplication;
  const pairs = await queryOverlapRows<{ a: number; b: number }>(
    platform.db,
    sql`select q.a, q.b from (${overlapPairsSql(input.fiscalYear, actor.scopePath, cfg)}) q limit ${input.limit ?? 100}`,
  );
  const subjects = await loadSubjects(platform.db, [
    ...new Set(pairs.flatMap((p) => [Number(p.a), Number(p.b)])),
  ]);
  return pairs.flatMap((p) => {
    const a = subjects.get(Number(p.a));
    const b = subjects.get(Number(p.b));
    if (!a || !b) return [];
    const item = (s: typeof a): OverlapItem => ({
      id: s.itemId,
      code: s.code,
      name: s.name,
      department: s.departmentName,
      amountFen: s.amountFen,
      decision: s.decision,
    });
    return [{ ...overlapOf(a, b, cfg), items: [item(a), item(b)] as [OverlapItem, OverlapItem] }];
  });
}

/** How many pairs reach the threshold in the actor's scope (the list shows the closest first). */
export async function countOverlaps(
  platform: Platform,
  actor: Actor,
  input: { fiscalYear: number },
): Promise<number> {
  requirePermission(actor, 'results.apply');
  const [row] = await queryOverlapRows<{ n: string }>(
    platform.db,
    sql`select count(*) as n from (${overlapPairsSql(input.fiscalYear, actor.scopePath, platform.config.resultApplication)}) q`,
  );
  return Number(row?.n ?? 0);
}
