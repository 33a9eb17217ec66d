import {
  EVALUATION_RESULT_SOURCES,
  type EvaluationResultSource,
  GRADES,
  type Grade,
  isRectificationComplete,
  NotFoundError,
  RECTIFICATION_STATUS_LABELS,
  type RectificationStatus,
  type ResultSubjectKind,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';

export interface FindingRow {
  id: number;
  finding: string;
  requiredAction: string | null;
  itemId: number | null;
  deadline: string | null;
  task: { id: number; status: RectificationStatus; statusLabel: string; assignee: string } | null;
}

export interface EvaluationResultView {
  id: number;
  subjectKind: ResultSubjectKind;
  /** What was evaluated: the item's, department's or county's name. */
  subject: { id: number; name: string };
  item: { id: number; code: string; name: string } | null;
  orgUnit: { id: number; name: string } | null;
  region: { id: number; name: string };
  fiscalYear: number;
  source: EvaluationResultSource;
  sourceLabel: string;
  score: number;
  grade: Grade;
  gradeLabel: string;
  distortion: boolean;
  summary: string | null;
  sourceRef: string | null;
  findings: FindingRow[];
  /** Every finding with a required action has its rectification accepted. */
  rectificationComplete: boolean;
  createdAt: Date;
}

interface Raw {
  id: number;
  subject_kind: ResultSubjectKind;
  item_id: number | null;
  item_code: string | null;
  item_name: string | null;
  org_unit_id: number | null;
  org_name: string | null;
  region_id: number;
  region_name: string;
  fiscal_year: number;
  source: EvaluationResultSource;
  score: string;
  grade: Grade;
  distortion: boolean;
  summary: string | null;
  source_ref: string | null;
  created_at: string | Date;
  findings: Array<{
    id: number;
    finding: string;
    required_action: string | null;
    item_id: number | null;
    deadline: string | null;
    task_id: number | null;
    task_status: RectificationStatus | null;
    assignee: string | null;
  }> | null;
}

/** Results are scoped like their subject: an item's or department's org unit, a county's region. */
function scopeSql(actor: Actor): SQL {
  return sql`coalesce(o.path, g.path) like ${`${actor.scopePath}%`}`;
}

export interface ResultFilter {
  fiscalYear?: number;
  itemId?: number;
  orgUnitId?: number;
  source?: EvaluationResultSource;
  afterId?: number;
  limit?: number;
}

async function select(
  db: DbOrTx,
  actor: Actor,
  where: SQL[],
  limit: number,
): Promise<EvaluationResultView[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`select r.id, r.subject_kind, r.item_id, bi.code as item_code, bi.name as item_name,
          r.org_unit_id, o.name as org_name, r.region_id, g.name as region_name, r.fiscal_year,
          r.source, r.score::text as score, r.grade, r.distortion, r.summary, r.source_ref, r.created_at,
          (select json_agg(json_build_object('id', f.id, 'finding', f.finding,
                    'required_action', f.required_action, 'item_id', f.item_id, 'deadline', f.deadline,
                    'task_id', t.id, 'task_status', t.status, 'assignee', u.name) order by f.id)
             from evaluation_findings f
             left join rectification_tasks t on t.id = f.rectification_task_id
             left join users u on u.id = t.assignee_user_id
            where f.result_id = r.id) as findings
        from evaluation_results r
        join regions g on g.id = r.region_id
        left join org_units o on o.id = r.org_unit_id
        left join budget_items bi on bi.id = r.item_id
        where ${sql.join([scopeSql(actor), ...where], sql` and `)}
        order by r.id
        limit ${limit}`,
  );
  return rows.map((r) => {
    const findings: FindingRow[] = (r.findings ?? []).map((f) => ({
      id: Number(f.id),
      finding: f.finding,
      requiredAction: f.required_action,
      itemId: f.item_id,
      deadline: f.deadline,
      task:
        f.task_id === null || f.task_status === null
          ? null
          : {
              id: Number(f.task_id),
              status: f.task_status,
              statusLabel: RECTIFICATION_STATUS_LABELS[f.task_status],
              assignee: f.assignee ?? '',
            },
    }));
    const item =
      r.item_id === null ? null : { id: r.item_id, code: r.item_code ?? '', name: r.item_name ?? '' };
    const orgUnit = r.org_unit_id === null ? null : { id: r.org_unit_id, name: r.org_name ?? '' };
    const region = { id: r.region_id, name: r.region_name };
    return {
      id: Number(r.id),
      subjectKind: r.subject_kind,
      subject: item ?? orgUnit ?? region,
      item,
      orgUnit,
      region,
      fiscalYear: r.fiscal_year,
      source: r.source,
      sourceLabel: EVALUATION_RESULT_SOURCES.labels[r.source],
      score: Number(r.score),
      grade: r.grade,
      gradeLabel: GRADES.labels[r.grade],
      distortion: r.distortion,
      summary: r.summary,
      sourceRef: r.source_ref,
      findings,
      rectificationComplete: isRectificationComplete(
        findings.filter((f) => f.requiredAction).map((f) => f.task?.status ?? null),
      ),
      createdAt: new Date(r.created_at),
    };
  });
}

/** Results in the actor's scope, oldest first (keyset by id). */
export async function listEvaluationResults(
  db: DbOrTx,
  actor: Actor,
  f: ResultFilter,
): Promise<EvaluationResultView[]> {
  const where: SQL[] = [];
  if (f.fiscalYear !== undefined) where.push(sql`r.fiscal_year = ${f.fiscalYear}::int`);
  if (f.itemId !== undefined) where.push(sql`r.item_id = ${f.itemId}::int`);
  if (f.orgUnitId !== undefined)
    where.push(sql`o.path like (select path from org_units where id = ${f.orgUnitId}::int) || '%'`);
  if (f.source !== undefined) where.push(sql`r.source = ${f.source}`);
  if (f.afterId !== undefined) where.push(sql`r.id > ${f.afterId}::int`);
  return select(db, actor, where, f.limit ?? 100);
}

export async function getEvaluationResult(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<EvaluationResultView> {
  const [row] = await select(db, actor, [sql`r.id = ${id}::int`], 1);
  if (!row) throw new NotFoundError(`评价结果 ${id} 不存在或不在您的数据范围内`, { resultId: id });
  return row;
}
