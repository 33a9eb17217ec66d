import { DomainError } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows, systemActor } from '@jixiao/db';
import { recordBudgetAdjustment } from '@jixiao/db/budget-adjustments';
import {
  actOnDepartmentSelfEvaluation,
  type DepartmentSelfEvaluationRow,
  prepareDepartmentSelfEvaluationFor,
  recordDepartmentSelfEvaluation,
} from '@jixiao/db/department-self-evaluations';
import { saveDepartmentTarget, submitDepartmentTarget } from '@jixiao/db/department-targets';
import { reviewTarget } from '@jixiao/db/target-reviews';
import { sql } from 'drizzle-orm';
import { CRITERIA_MET } from './plan-context.ts';
import { actualFor } from './self-evaluations.ts';

/** The state each department's prior-year department-wide self-evaluation is left in, in order. */
const STATES = ['accepted', 'accepted', 'confirmed', 'submitted', 'returned', 'draft'] as const;
/** Completion of the lines, per department in turn (1 = every target met). */
const COMPLETIONS = [1, 0.9, 0.95, 1, 0.85, 1];

async function financeActor(platform: Platform): Promise<Actor> {
  const [admin] = await queryRows<{ id: number }>(
    platform.db,
    sql`select id from users where 'finance_admin' = any(roles) order by id limit 1`,
  );
  return (admin ? await loadActor(platform.db, admin.id) : null) ?? systemActor('财政局');
}

/**
 * 预算调整 for the demo (EV-14): the finance bureau tops up two of last year's finished items and
 * cuts one, through the service, so their self-evaluations show 全年预算数 ≠ 年初预算数. Run before
 * the self-evaluations are prepared.
 */
export async function loadDemoBudgetAdjustments(platform: Platform, fiscalYear: number): Promise<void> {
  const year = fiscalYear - 1;
  const finance = await financeActor(platform);
  const items = await queryRows<{ id: number; approved: string }>(
    platform.db,
    sql`select bi.id, bi.approved_amount_fen::text as approved from budget_items bi
        where bi.current_fiscal_year = ${year}::int and bi.kind <> 'department_wide'
          and bi.state in ('self_evaluated', 'evaluated', 'closed')
        order by bi.id limit 3`,
  );
  const plans = [
    {
      kind: 'supplement' as const,
      share: 0.1,
      on: `${year}-07-15`,
      reason: '年中追加：项目扩面，经批准追加预算',
    },
    {
      kind: 'reduction' as const,
      share: -0.05,
      on: `${year}-09-20`,
      reason: '结余资金调减，统筹用于其他急需项目',
    },
    { kind: 'supplement' as const, share: 0.05, on: `${year}-10-10`, reason: '上级专项资金追加' },
  ];
  for (const [i, it] of items.entries()) {
    const p = plans[i];
    if (!p) continue;
    const amountFen = Math.round(Number(it.approved) * p.share);
    if (amountFen === 0) continue;
    await recordBudgetAdjustment(platform, finance, {
      itemId: it.id,
      fiscalYear: year,
      kind: p.kind,
      amountFen,
      adjustedOn: p.on,
      reason: p.reason,
      documentNo: `景财预〔${year}〕${30 + i}号`,
    });
  }
}

/**
 * 上年度部门整体支出绩效自评 for the demo (DW-4): departments with an approved department-wide
 * target this year get last year's (the same indicators, submitted and approved through the
 * services), then their officers prepare, fill and move the department-wide self-evaluation
 * through the workflow: received (with its result in the registry), confirmed, submitted,
 * returned, still being filled in.
 */
export async function loadDemoDepartmentSelfEvaluations(
  platform: Platform,
  fiscalYear: number,
): Promise<void> {
  const year = fiscalYear - 1;
  const finance = await financeActor(platform);
  const departments = await queryRows<{
    org: number;
    officer: number | null;
    goal: string;
    indicators: unknown;
  }>(
    platform.db,
    sql`select dt.org_unit_id as org, dt.overall_goal as goal, dt.indicators,
               (select u.id from users u where u.org_unit_id = dt.org_unit_id and 'dept_officer' = any(u.roles)
                  and u.active order by u.id limit 1) as officer
        from department_targets dt
        where dt.fiscal_year = ${fiscalYear}::int and dt.status = 'approved'
          and not exists (select 1 from department_targets p where p.org_unit_id = dt.org_unit_id and p.fiscal_year = ${year}::int)
        order by dt.org_unit_id limit ${STATES.length}::int`,
  );
  let n = 0;
  for (const d of departments) {
    if (d.officer === null) continue;
    const officer = await loadActor(platform.db, d.officer);
    if (!officer) continue;
    const indicators = (
      typeof d.indicators === 'string' ? JSON.parse(d.indicators) : d.indicators
    ) as Parameters<typeof saveDepartmentTarget>[3]['indicators'];
    try {
      const saved = await saveDepartmentTarget(platform, officer, d.org, {
        fiscalYear: year,
        overallGoal: d.goal,
        indicators,
      });
      const version = await submitDepartmentTarget(platform, officer, saved.id);
      await reviewTarget(platform, finance, version.id, 'approve', { criteria: CRITERIA_MET, comments: [] });
      const se = await prepareDepartmentSelfEvaluationFor(platform, officer, d.org, year);
      const state = STATES[n] ?? 'draft';
      await fill(platform, officer, se, COMPLETIONS[n] ?? 1, state === 'draft');
      if (state !== 'draft') await actOnDepartmentSelfEvaluation(platform, officer, se.id, 'submit');
      if (state === 'returned')
        await actOnDepartmentSelfEvaluation(
          platform,
          officer,
          se.id,
          'return',
          '履职效能指标的完成情况缺少佐证，请补充后重新提交',
        );
      if (state === 'confirmed' || state === 'accepted')
        await actOnDepartmentSelfEvaluation(platform, officer, se.id, 'confirm');
      if (state === 'accepted') await actOnDepartmentSelfEvaluation(platform, finance, se.id, 'accept');
      n++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
}

async function fill(
  platform: Platform,
  officer: Actor,
  se: DepartmentSelfEvaluationRow,
  completion: number,
  partly: boolean,
): Promise<void> {
  const lines = se.lines.slice(0, partly ? Math.ceil(se.lines.length / 2) : se.lines.length);
  await recordDepartmentSelfEvaluation(platform, officer, se.id, {
    lines: lines.map((l, row) => {
      const c = row % 2 === 0 ? completion : 1;
      return {
        row,
        actual: actualFor(l.target, c),
        deviationReason: c < 1 ? '部分重点任务受政策调整影响延后完成' : null,
      };
    }),
    measures: completion < 1 ? '按季度调度重点任务，完善部门整体绩效跟踪' : '',
  });
}
