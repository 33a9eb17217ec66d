import {
  type DepartmentIndicatorInput,
  type DepartmentSelfEvaluationSource,
  NotFoundError,
  type SelfEvaluationStatus,
  versionInForce,
} from '@jixiao/core';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows, type Tx } from '../client.ts';
import { departmentSelfEvaluations, departmentTargets, orgUnits, users } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { type SelfEvaluationContent, selfEvaluationContent } from '../self-evaluations/queries.ts';
import { SELF_EVALUABLE_STATES } from '../self-evaluations/writes.ts';
import { versionsOf } from '../target-reviews/versions.ts';

export interface DepartmentSelfEvaluationRow extends SelfEvaluationContent {
  department: { id: number; code: string; name: string; path: string };
  departmentTargetId: number;
  targetVersionId: number | null;
}

const submitter = alias(users, 'dse_submitter');
const confirmer = alias(users, 'dse_confirmer');
const reviewer = alias(users, 'dse_reviewer');

function query(db: DbOrTx) {
  return db
    .select({
      s: departmentSelfEvaluations,
      orgCode: orgUnits.code,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      submitterName: submitter.name,
      confirmerName: confirmer.name,
      reviewerName: reviewer.name,
    })
    .from(departmentSelfEvaluations)
    .innerJoin(orgUnits, eq(orgUnits.id, departmentSelfEvaluations.orgUnitId))
    .leftJoin(submitter, eq(submitter.id, departmentSelfEvaluations.submittedBy))
    .leftJoin(confirmer, eq(confirmer.id, departmentSelfEvaluations.confirmedBy))
    .leftJoin(reviewer, eq(reviewer.id, departmentSelfEvaluations.reviewedBy));
}

type Raw = Awaited<ReturnType<ReturnType<typeof query>['limit']>>[number];

function toRow(r: Raw): DepartmentSelfEvaluationRow {
  const s = r.s;
  return {
    ...selfEvaluationContent(s, r),
    department: { id: s.orgUnitId, code: r.orgCode, name: r.orgName, path: r.orgPath },
    departmentTargetId: s.departmentTargetId,
    targetVersionId: s.targetVersionId,
  };
}

export interface DepartmentSelfEvaluationFilter {
  fiscalYear?: number;
  status?: SelfEvaluationStatus;
  orgUnitId?: number;
  afterId?: number;
  limit: number;
}

/** Department-wide self-evaluations in the actor's read scope. */
export async function listDepartmentSelfEvaluations(
  db: DbOrTx,
  actor: Actor,
  f: DepartmentSelfEvaluationFilter,
): Promise<DepartmentSelfEvaluationRow[]> {
  const conds: SQL[] = [orgInScope(actor)];
  if (f.fiscalYear !== undefined) conds.push(eq(departmentSelfEvaluations.fiscalYear, f.fiscalYear));
  if (f.status) conds.push(eq(departmentSelfEvaluations.status, f.status));
  if (f.orgUnitId !== undefined) conds.push(eq(departmentSelfEvaluations.orgUnitId, f.orgUnitId));
  if (f.afterId !== undefined) conds.push(gt(departmentSelfEvaluations.id, f.afterId));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(asc(departmentSelfEvaluations.id))
    .limit(f.limit);
  return rows.map(toRow);
}

export async function getDepartmentSelfEvaluation(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<DepartmentSelfEvaluationRow> {
  const [row] = await query(db)
    .where(and(eq(departmentSelfEvaluations.id, id), orgInScope(actor)))
    .limit(1);
  if (!row) {
    throw new NotFoundError(`部门整体绩效自评 ${id} 不存在或不在您的数据范围内`, {
      departmentSelfEvaluationId: id,
    });
  }
  return toRow(row);
}

/** The department-wide self-evaluation of a department's year in the actor's scope, or null. */
export async function findDepartmentSelfEvaluation(
  db: DbOrTx,
  actor: Actor,
  orgUnitId: number,
  fiscalYear: number,
): Promise<DepartmentSelfEvaluationRow | null> {
  const [row] = await query(db)
    .where(
      and(
        eq(departmentSelfEvaluations.orgUnitId, orgUnitId),
        eq(departmentSelfEvaluations.fiscalYear, fiscalYear),
        orgInScope(actor),
      ),
    )
    .limit(1);
  return row ? toRow(row) : null;
}

/** Takes the row lock (callers check scope first and re-read after). */
export async function lockDepartmentSelfEvaluation(tx: Tx, id: number): Promise<void> {
  await tx
    .select({ id: departmentSelfEvaluations.id })
    .from(departmentSelfEvaluations)
    .where(eq(departmentSelfEvaluations.id, id))
    .for('update');
}

/** One of a department's items in a year (年度主要任务 of the 部门整体支出绩效自评表). */
export interface DepartmentBudgetLine {
  itemId: number;
  code: string;
  name: string;
  initialFen: number;
  adjustedFen: number;
  executedFen: number;
}

/**
 * A department's items of a year (DW-4): its own and its units', whose execution has started and
 * that run in the year, each with 年初预算数 (approved amount), 全年预算数 (with the year's
 * adjustments, EV-14) and 全年执行数 (the year's payments).
 */
export async function departmentBudgetLines(
  db: DbOrTx,
  departmentPath: string,
  fiscalYear: number,
): Promise<DepartmentBudgetLine[]> {
  const states = sql.join(
    SELF_EVALUABLE_STATES.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    initial: string;
    adjusted: string;
    executed: string;
  }>(
    db,
    sql`select bi.id, bi.code, bi.name, bi.approved_amount_fen::text as initial,
               (bi.approved_amount_fen + coalesce(ad.fen, 0))::text as adjusted, coalesce(p.fen, 0)::text as executed
        from budget_items bi join org_units o on o.id = bi.org_unit_id
        left join (select item_id, sum(amount_fen) as fen from budget_adjustments
                   where fiscal_year = ${fiscalYear}::int group by item_id) ad on ad.item_id = bi.id
        left join (select item_id, sum(amount_fen) as fen from execution_records
                   where fiscal_year = ${fiscalYear}::int group by item_id) p on p.item_id = bi.id
        where o.path like ${`${departmentPath}%`} and bi.state in (${states})
          and bi.fiscal_year_start <= ${fiscalYear}::int and bi.current_fiscal_year >= ${fiscalYear}::int
        order by bi.code, bi.id`,
  );
  return rows.map((r) => ({
    itemId: Number(r.id),
    code: r.code,
    name: r.name,
    initialFen: Number(r.initial),
    adjustedFen: Number(r.adjusted),
    executedFen: Number(r.executed),
  }));
}

/** The department's budget totals of a year: the sums of its items' (DW-4). */
export function departmentBudgetTotals(
  lines: readonly DepartmentBudgetLine[],
): DepartmentSelfEvaluationSource['budget'] {
  return lines.reduce(
    (t, l) => ({
      initialFen: t.initialFen + l.initialFen,
      adjustedFen: t.adjustedFen + l.adjustedFen,
      executedFen: t.executedFen + l.executedFen,
    }),
    { initialFen: 0, adjustedFen: 0, executedFen: 0 },
  );
}

/**
 * The department-wide target a year's self-evaluation measures against (DW-4): the version in
 * force at the year's end (or today, if the year has not ended), else the latest approved
 * version, else the approved target itself. Null when the department has no approved target.
 */
export async function departmentTargetInForce(
  db: DbOrTx,
  orgUnitId: number,
  fiscalYear: number,
  today: string,
): Promise<{
  departmentTargetId: number;
  versionId: number | null;
  indicators: DepartmentIndicatorInput[];
} | null> {
  const [t] = await db
    .select()
    .from(departmentTargets)
    .where(and(eq(departmentTargets.orgUnitId, orgUnitId), eq(departmentTargets.fiscalYear, fiscalYear)))
    .limit(1);
  if (!t) return null;
  const versions = await versionsOf(db, { departmentTargetId: t.id });
  const yearEnd = `${fiscalYear}-12-31`;
  const v =
    versionInForce(versions, today < yearEnd ? today : yearEnd) ??
    [...versions].reverse().find((x) => x.status === 'approved') ??
    null;
  if (v) {
    return {
      departmentTargetId: t.id,
      versionId: v.id,
      indicators: v.content.indicators as unknown as DepartmentIndicatorInput[],
    };
  }
  if (t.status !== 'approved') return null;
  return { departmentTargetId: t.id, versionId: null, indicators: t.indicators };
}
