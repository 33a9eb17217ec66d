import type { Grade } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows, SYSTEM_ACTOR, schema } from '@jixiao/db';
import { computeProposals, issueProposal, listProposals } from '@jixiao/db/budget-proposals';
import { recordEvaluationResult } from '@jixiao/db/evaluation-results';
import { inArray, sql } from 'drizzle-orm';

interface PriorItem {
  id: number;
  code: string;
  name: string;
  dept: string;
  state: string;
  start: number;
  kind: string;
  approved: string;
  paid: string | null;
}

/** A fixed pattern of grades over the prior year's items: mostly 良, some 优, a few 中. */
const PATTERN: readonly Grade[] = [
  'good',
  'excellent',
  'good',
  'good',
  'fair',
  'good',
  'good',
  'excellent',
  'good',
  'good',
];
const SCORE: Readonly<Record<Grade, number>> = { excellent: 93, good: 85, fair: 72, poor: 55 };

export interface LoadedResults {
  results: number;
  proposals: number;
  exitCandidate: string | null;
}

/**
 * The demo city's finished prior year (清理退出 and 结果应用): every item that ran last year has its
 * final result — reviewed self-evaluations, one spot check that found a distorted self-evaluation,
 * one key evaluation graded 差 whose finding is still being rectified — departments and counties
 * have their comprehensive results, and this year's control numbers were proposed from them and
 * issued. One multi-year policy spends far below budget two years running after a 差 and stands
 * as a candidate for exit. Written through the services, as the finance bureau, with the
 * historical notices marked delivered (they were sent last spring, not today).
 */
export async function loadDemoResults(platform: Platform): Promise<LoadedResults> {
  const db = platform.db;
  const [cityYear] = await queryRows<{ y: number }>(
    db,
    sql`select max(current_fiscal_year)::int as y from budget_items`,
  );
  const year = Number(cityYear?.y) - 1;
  const [adminRow] = await queryRows<{ id: number }>(
    db,
    sql`select u.id from users u join org_units o on o.id = u.org_unit_id join regions g on g.id = o.region_id
         where o.kind = 'finance_bureau' and g.level = 'city' and 'finance_admin' = any(u.roles) order by u.id limit 1`,
  );
  const admin: Actor = adminRow ? ((await loadActor(db, Number(adminRow.id))) ?? SYSTEM_ACTOR) : SYSTEM_ACTOR;
  const items = await queryRows<PriorItem>(
    db,
    sql`select bi.id, bi.code, bi.name, bi.kind, d.code as dept, bi.state, bi.fiscal_year_start as start,
               bi.approved_amount_fen::text as approved,
               (select sum(e.amount_fen)::text from execution_records e where e.item_id = bi.id
                 and e.fiscal_year = ${year + 1}::int) as paid
          from budget_items bi join org_units o on o.id = bi.org_unit_id
          join org_units d on d.id = substring(o.path from '/o([0-9]+)/')::int
          join regions g on g.id = o.region_id
         where g.level = 'city' and bi.kind in ('project', 'policy') and bi.fiscal_year_start <= ${year}::int
           and bi.fiscal_year_end >= ${year}::int
           and bi.state in ('executing', 'suspended', 'self_evaluated', 'evaluated', 'closed')
         order by bi.code`,
  );
  // Items whose result the evaluation workflows of the demo already recorded (accepted
  // self-evaluations, spot checks, key evaluations) keep it; the rest get theirs here.
  const evaluated = new Set(
    (
      await queryRows<{ item_id: number }>(
        db,
        sql`select distinct item_id from evaluation_results where fiscal_year = ${year}::int and item_id is not null`,
      )
    ).map((r) => Number(r.item_id)),
  );
  const finished = items.filter(
    (i) => i.state !== 'executing' && i.state !== 'suspended' && !evaluated.has(Number(i.id)),
  );
  const running = items.filter((i) => i.state === 'executing');
  // The exit candidate: a running multi-year policy (else project) spending under half its budget this year.
  const rate = (i: PriorItem) => Number(i.paid ?? 0) / Math.max(1, Number(i.approved));
  const laggard = [...running.filter((i) => !evaluated.has(Number(i.id)))].sort(
    (a, b) =>
      Number(rate(a) >= 0.5) - Number(rate(b) >= 0.5) ||
      Number(b.kind === 'policy') - Number(a.kind === 'policy') ||
      rate(a) - rate(b) ||
      a.code.localeCompare(b.code),
  )[0];
  const poorItem = finished[0];
  const spotItem = finished.find((i) => i !== poorItem && i.dept.startsWith('HEALTH-'));

  let results = 0;
  await db.transaction(async (tx) => {
    const record = (input: Parameters<typeof recordEvaluationResult>[3]) =>
      recordEvaluationResult(tx, admin, platform, input).then(() => results++);
    for (const [n, item] of finished.entries()) {
      if (item === poorItem) {
        await record({
          source: 'key_evaluation',
          fiscalYear: year,
          itemId: item.id,
          score: SCORE.poor,
          grade: 'poor',
          summary: '财政重点评价：年度目标完成不足六成，资金使用效益低。',
          findings: [
            {
              finding: '绩效目标完成率不足60%，部分资金闲置',
              requiredAction: '查明未完成原因，盘活闲置资金并报送整改报告',
              deadline: `${year + 1}-12-31`,
            },
          ],
        });
      } else if (item === spotItem) {
        await record({
          source: 'self_evaluation',
          fiscalYear: year,
          itemId: item.id,
          score: 92,
          grade: 'excellent',
          summary: '部门自评',
        });
        await record({
          source: 'spot_check',
          fiscalYear: year,
          itemId: item.id,
          score: SCORE.fair,
          grade: 'fair',
          distortion: true,
          summary: '抽查复核：自评得分偏高，部分产出指标无佐证材料，认定自评结果失真。',
          findings: [{ finding: '自评报告所列完成数量与台账不符' }],
        });
      } else {
        const grade = PATTERN[n % PATTERN.length] as Grade;
        await record({
          source: 'self_evaluation',
          fiscalYear: year,
          itemId: item.id,
          score: SCORE[grade],
          grade,
        });
      }
    }
    if (laggard) {
      await record({
        source: 'key_evaluation',
        fiscalYear: year,
        itemId: laggard.id,
        score: 52,
        grade: 'poor',
        summary: '财政重点评价：资金长期滞留，政策目标基本未实现。',
      });
      // Last year it paid a quarter of its budget (recorded from the treasury's books).
      await tx.insert(schema.executionRecords).values({
        itemId: laggard.id,
        fiscalYear: year,
        paidOn: `${year}-12-20`,
        amountFen: Math.round(Number(laggard.approved) / 4),
        source: 'treasury',
        voucherNo: `DEMO-${year}-${laggard.id}`,
      });
    }
    const depts = await queryRows<{ id: number; code: string }>(
      tx,
      sql`select o.id, o.code from org_units o join regions g on g.id = o.region_id
           where o.kind = 'department' and g.level = 'city' and o.code in ('EDU-' || g.code, 'HEALTH-' || g.code, 'AGRI-' || g.code)`,
    );
    const deptGrade = (code: string): Grade =>
      code.startsWith('HEALTH-') ? 'excellent' : code.startsWith('AGRI-') ? 'fair' : 'good';
    for (const d of depts) {
      const grade = deptGrade(d.code);
      await record({
        source: 'department_evaluation',
        fiscalYear: year,
        orgUnitId: Number(d.id),
        score: SCORE[grade],
        grade,
        summary: '部门整体绩效评价',
      });
    }
    const counties = await queryRows<{ id: number; code: string }>(
      tx,
      sql`select id, code from regions where level = 'county' order by code`,
    );
    for (const [i, c] of counties.entries()) {
      const score = [91.5, 78, 84.5][i % 3] as number;
      await record({
        source: 'county_evaluation',
        fiscalYear: year,
        regionId: Number(c.id),
        score,
        grade: score >= 90 ? 'excellent' : score >= 80 ? 'good' : 'fair',
        summary: '下级政府财政运行综合绩效评价',
      });
    }
  });

  await computeProposals(platform, admin, { basisYear: year });
  // The city's departments' proposals were issued; the counties' bureaus review their own.
  const cityDepartments = new Set(
    (
      await queryRows<{ id: number }>(
        db,
        sql`select o.id from org_units o join regions g on g.id = o.region_id
             where o.kind = 'department' and g.level = 'city'`,
      )
    ).map((r) => Number(r.id)),
  );
  const proposals = (await listProposals(db, admin, { fiscalYear: year + 1 })).filter((p) =>
    cityDepartments.has(p.department.id),
  );
  for (const p of proposals) await issueProposal(platform, admin, p.id);
  // Last spring's notices were delivered then: none of them is news today.
  await db
    .update(schema.outbox)
    .set({ status: 'sent', sentAt: platform.now() })
    .where(inArray(schema.outbox.kind, ['evaluation_result', 'budget_proposal']));
  return { results, proposals: proposals.length, exitCandidate: laggard?.name ?? null };
}
