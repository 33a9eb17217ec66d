import {
  ConflictError,
  type EvaluationResultSource,
  type Grade,
  InputError,
  NotFoundError,
  type Permission,
  SOURCE_SUBJECT,
} from '@jixiao/core';
import { eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { queryRows, type Tx } from '../client.ts';
import { getItem } from '../items/item-queries.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import { today as businessDay, type Platform } from '../platform.ts';
import { listRectificationAssignees } from '../rectification/assignees.ts';
import { createTaskInTx } from '../rectification/tasks.ts';
import { responsibleUsersSql } from '../responsibility/responsible-users.ts';
import { evaluationFindings, evaluationResults, orgUnits, outbox, regions } from '../schema/index.ts';

export interface FindingInput {
  finding: string;
  /** What must be done; a finding with one opens a rectification task. */
  requiredAction?: string | null;
  /** The item to rectify; defaults to the result's item. Required for a department's finding with an action. */
  itemId?: number | null;
  /** Defaults to the first person responsible for the item (its own unit's officer first). */
  assigneeUserId?: number | null;
  deadline?: string | null;
}

export interface RecordResultInput {
  source: EvaluationResultSource;
  fiscalYear: number;
  /** For self_evaluation, spot_check, key_evaluation. */
  itemId?: number | null;
  /** For department_evaluation: the department. */
  orgUnitId?: number | null;
  /** For county_evaluation: the county. */
  regionId?: number | null;
  score: number;
  grade: Grade;
  distortion?: boolean;
  summary?: string | null;
  sourceRef?: string | null;
  findings?: FindingInput[];
}

const missing = (path: string, message: string) =>
  new InputError(`字段 ${path}：${message}`, [{ path, message }]);

interface Subject {
  kind: 'item' | 'department' | 'region';
  itemId: number | null;
  orgUnitId: number | null;
  regionId: number;
  name: string;
}

async function resolveSubject(
  tx: Tx,
  actor: Actor,
  input: RecordResultInput,
  permission: Permission,
): Promise<Subject> {
  const kind = SOURCE_SUBJECT[input.source];
  if (kind === 'item') {
    if (!input.itemId) throw missing('itemId', `${input.source} 须指明项目`);
    const item = await getItem(tx, actor, input.itemId);
    requirePermissionAt(actor, permission, item.orgPath, `项目“${item.name}”`);
    return { kind, itemId: item.id, orgUnitId: item.orgUnit.id, regionId: item.regionId, name: item.name };
  }
  if (kind === 'department') {
    if (!input.orgUnitId) throw missing('orgUnitId', '部门整体评价须指明部门');
    const [o] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId)).limit(1);
    if (o?.kind !== 'department' || !o.path.startsWith(actor.scopePath))
      throw new NotFoundError(`部门 ${input.orgUnitId} 不存在或不在您的数据范围内`, {
        orgUnitId: input.orgUnitId,
      });
    requirePermissionAt(actor, permission, o.path, `“${o.name}”`);
    return { kind, itemId: null, orgUnitId: o.id, regionId: o.regionId, name: o.name };
  }
  if (!input.regionId) throw missing('regionId', '下级政府综合绩效评价须指明县（区）');
  const [r] = await tx.select().from(regions).where(eq(regions.id, input.regionId)).limit(1);
  if (!r?.path.startsWith(actor.scopePath) || r.level !== 'county')
    throw new NotFoundError(`县（区）${input.regionId} 不存在或不在您的数据范围内`, {
      regionId: input.regionId,
    });
  requirePermissionAt(actor, permission, r.path, `“${r.name}”`);
  return { kind, itemId: null, orgUnitId: null, regionId: r.id, name: r.name };
}

/** Who hears of a result: the people responsible for the item or department; a county's finance bureau. */
async function recipientsOf(tx: Tx, s: Subject): Promise<number[]> {
  const rows =
    s.orgUnitId !== null
      ? await queryRows<{ user_id: number }>(
          tx,
          sql`select distinct r.user_id from (${responsibleUsersSql(sql`${s.orgUnitId}::int`)}) r order by 1`,
        )
      : await queryRows<{ user_id: number }>(
          tx,
          sql`select u.id as user_id from users u join org_units o on o.id = u.org_unit_id
              where u.active and o.region_id = ${s.regionId}::int and o.kind = 'finance_bureau'
                and 'finance_admin' = any(u.roles) order by 1`,
        );
  return rows.map((r) => Number(r.user_id));
}

function defaultDeadline(today: string, days = 60): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * How a result is recorded: by the finance bureau with `results.record` (the default), or by an
 * evaluation workflow as it makes its result final, under the permission that workflow's action
 * needs (its scope decides where the result may be recorded); `notify: false` when the workflow has
 * told the department itself.
 */
export interface RecordHow {
  permission?: Permission;
  notify?: boolean;
}

/**
 * 评价结果登记与反馈 (JX-2, EV-11; seed §十): records a final result in the caller's transaction,
 * opens a rectification task for every finding with a required action (in the existing loop:
 * assignee, deadline, reminders, escalation, to-do) and tells the department with a notice that
 * asks for 收到. The evaluation workflows call this when a result becomes final; the finance
 * bureau records external results through the API. Returns the result's id.
 */
export async function recordEvaluationResult(
  tx: Tx,
  actor: Actor,
  platform: Pick<Platform, 'now' | 'today'>,
  input: RecordResultInput,
  how: RecordHow = {},
): Promise<number> {
  const permission = how.permission ?? 'results.record';
  requirePermission(actor, permission);
  const subject = await resolveSubject(tx, actor, input, permission);
  const findings = input.findings ?? [];
  if (subject.kind === 'region' && findings.some((f) => f.requiredAction)) {
    throw missing('findings', '下级政府综合评价的问题由县级财政部门整改，此处只登记问题，不下达整改任务');
  }
  const [row] = await tx
    .insert(evaluationResults)
    .values({
      subjectKind: subject.kind,
      itemId: subject.itemId,
      orgUnitId: subject.orgUnitId,
      regionId: subject.regionId,
      fiscalYear: input.fiscalYear,
      source: input.source,
      score: input.score,
      grade: input.grade,
      distortion: input.distortion ?? false,
      summary: input.summary ?? null,
      sourceRef: input.sourceRef ?? null,
      recordedBy: actor.userId,
    })
    .onConflictDoNothing()
    .returning({ id: evaluationResults.id });
  if (!row)
    throw new ConflictError(`“${subject.name}”${input.fiscalYear}年度已登记同一来源的评价结果`, {
      source: input.source,
      fiscalYear: input.fiscalYear,
    });
  const today = businessDay(platform);
  const findingAudit: Array<Record<string, unknown>> = [];
  for (const [i, f] of findings.entries()) {
    let taskId: number | null = null;
    const itemId = f.itemId ?? subject.itemId;
    if (f.requiredAction) {
      if (itemId === null) throw missing(`findings.${i}.itemId`, '须指明整改针对的项目');
      const assignee =
        f.assigneeUserId ?? (await listRectificationAssignees(tx, actor, itemId))[0]?.userId ?? null;
      if (assignee === null) throw missing(`findings.${i}.assigneeUserId`, '该项目没有可下达整改的责任人');
      try {
        taskId = await createTaskInTx(tx, platform, actor, {
          itemId,
          assigneeUserId: assignee,
          deadline: f.deadline ?? defaultDeadline(today),
          requirement: `${f.finding}；整改要求：${f.requiredAction}`,
          source: input.source === 'spot_check' ? 'spot_check' : 'evaluation',
        });
      } catch (err) {
        if (err instanceof InputError) throw missing(`findings.${i}`, err.message);
        throw err;
      }
    }
    const [fr] = await tx
      .insert(evaluationFindings)
      .values({
        resultId: row.id,
        finding: f.finding,
        requiredAction: f.requiredAction ?? null,
        itemId,
        deadline: f.requiredAction ? (f.deadline ?? defaultDeadline(today)) : null,
        rectificationTaskId: taskId,
      })
      .returning({ id: evaluationFindings.id });
    findingAudit.push({ id: fr?.id, finding: f.finding, requiredAction: f.requiredAction ?? null, taskId });
  }
  const recipients = how.notify === false ? [] : await recipientsOf(tx, subject);
  if (recipients.length) {
    await tx
      .insert(outbox)
      .values(
        recipients.map((userId) => ({
          kind: 'evaluation_result',
          dedupeKey: `evaluation_result:${row.id}:${userId}`,
          recipientUserId: userId,
          payload: { resultId: row.id },
        })),
      )
      .onConflictDoNothing();
  }
  await appendAudit(
    tx,
    [
      {
        actor,
        action: 'evaluation_result.record',
        entityType: 'evaluation_result',
        entityId: row.id,
        itemId: subject.itemId,
        after: { ...input, findings: findingAudit, notified: recipients },
      },
    ],
    platform.now(),
  );
  return row.id;
}

/** `recordEvaluationResult` in its own transaction (the API's way in). */
export async function recordResult(
  platform: Platform,
  actor: Actor,
  input: RecordResultInput,
): Promise<number> {
  return platform.db
    .transaction((tx) => recordEvaluationResult(tx, actor, platform, input))
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new ConflictError('该评价结果已登记', { source: input.source });
      throw err;
    });
}
