import { DomainError, type Grade } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows, SYSTEM_ACTOR, schema } from '@jixiao/db';
import { computeProposals, issueProposal, listProposals } from '@jixiao/db/budget-proposals';
import { recordEvaluationResult } from '@jixiao/db/evaluation-results';
import {
  acceptKeyEvaluation,
  assignExpert,
  createKeyEvaluation,
  saveLineScores,
  startKeyEvaluation,
  submitEvaluationReport,
} from '@jixiao/db/evaluations';
import { actOnSelfEvaluation, prepareItemSelfEvaluation } from '@jixiao/db/self-evaluations';
import { inArray, sql } from 'drizzle-orm';
import { fill } from './self-evaluations.ts';

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
  /** The department officer who self-evaluates it. */
  officer: number | null;
  /** Its self-evaluation for the year, when one was started (and not yet accepted). */
  self_status: string | null;
}

/** How much of each line a self-evaluation reports done, for the grade the demo means it to earn. */
const COMPLETION: Readonly<Record<Grade, number>> = { excellent: 1, good: 0.85, fair: 0.55, poor: 0.3 };

/**
 * 上年度绩效自评 through the workflow, as the department's officer and the finance bureau do it:
 * prepared, filled, submitted, confirmed by the department and accepted by the bureau (which
 * records the result). False when the workflow refuses (no approved target for the year, say).
 */
async function selfEvaluate(
  platform: Platform,
  finance: Actor,
  item: PriorItem,
  year: number,
  grade: Grade,
): Promise<boolean> {
  const officer = item.officer === null ? null : await loadActor(platform.db, Number(item.officer));
  if (!officer) return false;
  try {
    const se = await prepareItemSelfEvaluation(platform, officer, Number(item.id), year);
    await fill(platform, officer, se, COMPLETION[grade], false);
    await actOnSelfEvaluation(platform, officer, se.id, 'submit');
    await actOnSelfEvaluation(platform, officer, se.id, 'confirm');
    await actOnSelfEvaluation(platform, finance, se.id, 'accept');
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

interface Panel {
  expertIds: number[];
  userIds: number[];
}

/**
 * A 财政重点评价 graded 差 through the key-evaluation workflow: the bureau's expert panel scores each
 * line blind, the bureau writes the report and accepts it; acceptance records the result and turns
 * the recommendations into a rectification task. False when the workflow refuses (no expert free
 * of conflicts, say).
 */
async function keyEvaluatePoor(
  platform: Platform,
  bureau: Actor,
  panel: Panel,
  item: PriorItem,
  year: number,
  report: { summary: string; findings: string; recommendations: string },
): Promise<boolean> {
  try {
    const ev = await createKeyEvaluation(platform, bureau, {
      kind: 'project',
      title: `${item.name}重点绩效评价`,
      itemId: Number(item.id),
      fiscalYear: year,
      carrier: 'expert_panel',
    });
    const assigned: number[] = [];
    for (const [i, id] of panel.expertIds.entries()) {
      try {
        await assignExpert(platform, bureau, ev.id, id);
        assigned.push(panel.userIds[i] as number);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
    }
    if (assigned.length === 0) return false;
    await startKeyEvaluation(platform, bureau, ev.id);
    for (const [i, userId] of assigned.entries()) {
      const expert = await loadActor(platform.db, userId);
      if (!expert) continue;
      await saveLineScores(platform, expert, ev.id, {
        scores: ev.lines.map((l) => ({
          lineKey: l.key,
          score: Math.round(l.weight * (0.5 + i * 0.03) * 2) / 2,
        })),
        submit: true,
      });
    }
    await submitEvaluationReport(platform, bureau, ev.id, {
      ...report,
      evidence: [{ title: '项目资金支付明细及台账' }, { title: '绩效目标完成情况核查记录' }],
    });
    await acceptKeyEvaluation(platform, bureau, ev.id, '评价结果为差，请项目单位限期整改。');
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
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
 * final result — self-evaluations submitted, confirmed and accepted through the workflow (with the
 * spot check of loadDemoSelfEvaluations, which found distorted ones), and a key evaluation graded
 * 差 by the bureau's expert panel whose recommendation is still being rectified — departments and
 * counties have their comprehensive results, and this year's control numbers were proposed from
 * them and issued. One multi-year policy spends far below budget two years running after a 差 and
 * stands as a candidate for exit. Written through the services, as the officers and the finance
 * bureau, with the historical notices marked delivered (they were sent last spring, not today).
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
                 and e.fiscal_year = ${year + 1}::int) as paid,
               (select u.id from users u join org_units uo on uo.id = u.org_unit_id
                 where 'dept_officer' = any(u.roles) and o.path like uo.path || '%' and u.active
                 order by length(uo.path) desc, u.id limit 1) as officer,
               (select se.status from self_evaluations se where se.item_id = bi.id
                 and se.fiscal_year = ${year}::int) as self_status
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

  // Through the workflows, as the departments and the bureau did it last spring: the 差 key
  // evaluations by the expert panel, then each remaining finished item's self-evaluation.
  const panelRows = await queryRows<{ id: number; user_id: number }>(
    db,
    sql`select id, user_id from experts where user_id is not null order by id limit 3`,
  );
  const panel: Panel = {
    expertIds: panelRows.map((r) => Number(r.id)),
    userIds: panelRows.map((r) => Number(r.user_id)),
  };
  let results = 0;
  const done = new Set<PriorItem>();
  if (
    poorItem &&
    (await keyEvaluatePoor(platform, admin, panel, poorItem, year, {
      summary: '财政重点评价：年度目标完成不足六成，资金使用效益低。',
      findings: '绩效目标完成率不足60%，部分资金闲置',
      recommendations: '查明未完成原因，盘活闲置资金并报送整改报告',
    }))
  ) {
    done.add(poorItem);
    results++;
  }
  if (
    laggard &&
    (await keyEvaluatePoor(platform, admin, panel, laggard, year, {
      summary: '财政重点评价：资金长期滞留，政策目标基本未实现。',
      findings: '资金拨付严重滞后，年度支出不足预算的三成',
      recommendations: '压减下年度安排，清理结转资金，研究政策退出',
    }))
  ) {
    done.add(laggard);
    results++;
  }
  for (const [n, item] of finished.entries()) {
    // A self-evaluation still with the department (draft, submitted, returned …) has no result yet.
    if (done.has(item) || item.self_status !== null) continue;
    if (await selfEvaluate(platform, admin, item, year, PATTERN[n % PATTERN.length] as Grade)) {
      done.add(item);
      results++;
    }
  }

  await db.transaction(async (tx) => {
    const record = (input: Parameters<typeof recordEvaluationResult>[3]) =>
      recordEvaluationResult(tx, admin, platform, input).then(() => results++);
    // Only where a workflow refused (an item without an approved target for the year has nothing
    // to self-evaluate against; no expert free of conflicts for a panel): the bureau records the
    // result by hand, as POST /evaluation-results does for an evaluation done outside the system.
    for (const [n, item] of finished.entries()) {
      if (done.has(item) || (item !== poorItem && item.self_status !== null)) continue;
      const grade = item === poorItem ? 'poor' : (PATTERN[n % PATTERN.length] as Grade);
      await record({
        source: item === poorItem ? 'key_evaluation' : 'self_evaluation',
        fiscalYear: year,
        itemId: item.id,
        score: SCORE[grade],
        grade,
        ...(item === poorItem
          ? {
              summary: '财政重点评价：年度目标完成不足六成，资金使用效益低。',
              findings: [
                {
                  finding: '绩效目标完成率不足60%，部分资金闲置',
                  requiredAction: '查明未完成原因，盘活闲置资金并报送整改报告',
                  deadline: `${year + 1}-12-31`,
                },
              ],
            }
          : {}),
      });
    }
    if (laggard) {
      if (!done.has(laggard))
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
    // Department-wide and county results are recorded by hand, not run through a workflow here:
    // last year's department-wide evaluations were done outside the system (the in-system
    // department-wide evaluation is shown on this year's in loadDemoEvaluations), and a county's
    // comprehensive evaluation is the bureau's conclusion, which the system computes only from the
    // fiscal facts it holds — for this year (countyFiscalRanking), not for last.
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
