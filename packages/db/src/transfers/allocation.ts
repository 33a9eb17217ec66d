import { allocateTransfers, type CountyAllocation, InputError, scoreCountyFiscal } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';

export interface TransferInput {
  fiscalYear: number;
  poolFen: number;
  /** Each county's share by the transfer's own formula (need, population …). */
  counties: ReadonlyArray<{ regionId: number; formulaFen: number }>;
}

export interface TransferAllocationView extends CountyAllocation {
  /** Where the score came from: a recorded county evaluation, or computed from the fiscal facts held. */
  scoreSource: 'county_evaluation' | 'fiscal_facts' | null;
  scoreNote: string | null;
}

/**
 * 转移支付与下级政府财政运行综合绩效挂钩 (seed §十六, DW-2): each county's comprehensive fiscal score
 * — its recorded county evaluation for the year when there is one, otherwise core's
 * `scoreCountyFiscal` over the region's fiscal facts and budget execution — turns into core's
 * allocation factor, and the pool is shared by formula share × factor. Reads only.
 */
export async function allocateTransferPool(
  platform: Platform,
  actor: Actor,
  input: TransferInput,
): Promise<TransferAllocationView[]> {
  requirePermission(actor, 'results.apply');
  const ids = input.counties.map((c) => c.regionId);
  if (new Set(ids).size !== ids.length)
    throw new InputError('字段 counties：同一县（区）出现了两次', [
      { path: 'counties', message: '县（区）重复' },
    ]);
  if (ids.length === 0) return [];
  const rows = await queryRows<{
    id: number;
    name: string;
    path: string;
    level: string;
    evaluated: string | null;
    revenue: string | null;
    debt: string | null;
    resources: string | null;
    rate_bp: string | null;
  }>(
    platform.db,
    sql`select g.id, g.name, g.path, g.level,
          (select r.score::text from evaluation_results r where r.subject_kind = 'region' and r.region_id = g.id
             and r.fiscal_year = ${input.fiscalYear}::int order by r.id desc limit 1) as evaluated,
          f.general_budget_revenue_fen::text as revenue, f.debt_balance_fen::text as debt,
          f.comprehensive_financial_resources_fen::text as resources,
          (select round(sum(coalesce(p.paid, 0))::numeric * 10000 / nullif(sum(bi.approved_amount_fen), 0))::text
             from budget_items bi join org_units o on o.id = bi.org_unit_id
             left join (select e.item_id, sum(e.amount_fen) as paid from execution_records e
                         where e.fiscal_year = ${input.fiscalYear}::int group by e.item_id) p on p.item_id = bi.id
            where o.region_id = g.id and bi.fiscal_year_start <= ${input.fiscalYear}::int
              and bi.fiscal_year_end >= ${input.fiscalYear}::int and bi.state <> 'draft') as rate_bp
        from regions g
        left join region_fiscal_facts f on f.region_id = g.id and f.fiscal_year = ${input.fiscalYear}::int
       where g.id in (${sql.join(
         ids.map((id) => sql`${id}::int`),
         sql`, `,
       )})`,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  for (const [i, id] of ids.entries()) {
    const r = byId.get(id);
    if (r?.level !== 'county' || !r.path.startsWith(actor.scopePath))
      throw new InputError(`字段 counties.${i}.regionId：县（区）${id} 不存在或不在您的数据范围内`, [
        { path: `counties.${i}.regionId`, message: '县（区）不存在或不在数据范围内' },
      ]);
  }
  const num = (v: string | null) => (v === null ? null : Number(v));
  const computed = new Map(
    scoreCountyFiscal(
      rows
        .filter((r) => r.evaluated === null && (r.revenue !== null || r.rate_bp !== null))
        .map((r) => ({
          regionId: Number(r.id),
          name: r.name,
          taxRevenueFen: null,
          generalBudgetRevenueFen: num(r.revenue),
          basicGuaranteesArrangedFen: null,
          basicGuaranteesNeededFen: null,
          debtBalanceFen: num(r.debt),
          comprehensiveFinancialResourcesFen: num(r.resources),
          treasuryCashFen: null,
          monthlyExpenditureFen: null,
          executionRateBp: num(r.rate_bp),
          managementScore: null,
        })),
      platform.config.evaluation.countyFiscal,
    ).map((s) => [s.regionId, s]),
  );
  const scores = new Map<
    number,
    { score: number | null; source: TransferAllocationView['scoreSource']; note: string | null }
  >();
  for (const r of rows) {
    const id = Number(r.id);
    const c = computed.get(id);
    if (r.evaluated !== null)
      scores.set(id, {
        score: Number(r.evaluated),
        source: 'county_evaluation',
        note: '采用已登记的综合绩效评价得分',
      });
    else if (c)
      scores.set(id, {
        score: c.total,
        source: 'fiscal_facts',
        note: `按系统掌握的财政数据测算（${c.indicators
          .filter((x) => x.value !== null)
          .map((x) => x.name)
          .join('、')}）`,
      });
    else scores.set(id, { score: null, source: null, note: null });
  }
  const allocations = allocateTransfers(
    input.poolFen,
    input.counties.map((c) => ({
      regionId: c.regionId,
      name: byId.get(c.regionId)?.name ?? '',
      formulaFen: c.formulaFen,
      score: scores.get(c.regionId)?.score ?? null,
    })),
    platform.config.resultApplication,
  );
  return allocations.map((a) => {
    const s = scores.get(a.regionId);
    return {
      ...a,
      scoreSource: s?.source ?? null,
      scoreNote: s?.note ?? null,
      explanation: s?.note ? `${a.explanation}；${s.note}` : a.explanation,
    };
  });
}
