import {
  addDaysIso,
  ConflictError,
  InputError,
  lostPointsText,
  NotFoundError,
  scoreManagementWork,
} from '@jixiao/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import { listRectificationAssignees } from '../rectification/assignees.ts';
import { createTask } from '../rectification/tasks.ts';
import { managementAssessments, outbox, type StoredManagementScore } from '../schema/index.ts';
import { managementFacts, partiesOf } from './facts.ts';

/** The outbox kind of the 通报 DOCX sent as a file to each recipient of the ranking notice. */
export const MANAGEMENT_RANKING_FILE = 'management_ranking_file';

export interface ManagementAssessmentRow {
  id: number;
  regionId: number;
  fiscalYear: number;
  scores: StoredManagementScore[];
  createdAt: Date;
}

export async function getManagementAssessment(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<ManagementAssessmentRow> {
  const [row] = await db
    .select()
    .from(managementAssessments)
    .where(and(eq(managementAssessments.id, id), eq(managementAssessments.regionId, actor.regionId ?? -1)))
    .limit(1);
  if (!row) throw new NotFoundError(`考核 ${id} 不存在或不在您的数据范围内`, { assessmentId: id });
  return row;
}

/** An assessment by id, unscoped (the notice renderer; recipients were chosen when it was run). */
export async function getManagementAssessmentById(db: DbOrTx, id: number): Promise<ManagementAssessmentRow> {
  const [row] = await db
    .select()
    .from(managementAssessments)
    .where(eq(managementAssessments.id, id))
    .limit(1);
  if (!row) throw new NotFoundError(`考核 ${id} 不存在`, { assessmentId: id });
  return row;
}

/** The latest assessment of the actor's region (of a year, if given), or null. */
export async function latestManagementAssessment(
  db: DbOrTx,
  actor: Actor,
  fiscalYear?: number,
): Promise<ManagementAssessmentRow | null> {
  const conds = [eq(managementAssessments.regionId, actor.regionId ?? -1)];
  if (fiscalYear !== undefined) conds.push(eq(managementAssessments.fiscalYear, fiscalYear));
  const [row] = await db
    .select()
    .from(managementAssessments)
    .where(and(...conds))
    .orderBy(desc(managementAssessments.id))
    .limit(1);
  return row ?? null;
}

/** One row per party in the shape the government's performance assessment takes: score, rank, reasons. */
export function managementAssessmentCsv(a: ManagementAssessmentRow): string {
  const cell = (v: string | number) => {
    const s = String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [['排名', '被考核单位', '类别', '得分', '考核结果', '扣分原因']];
  for (const s of a.scores) {
    lines.push([
      String(s.rank),
      s.name,
      s.partyKind === 'county' ? '县（区）财政部门' : '市直部门',
      String(s.total),
      s.outcome === 'commended' ? '通报表扬' : s.outcome === 'interviewed' ? '约谈并限期整改' : '—',
      lostPointsText(s.indicators),
    ]);
  }
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * 预算绩效管理工作考核 (DI-6): scores every department and county finance bureau of the actor's
 * region from what the system recorded, ranks them, sends the 通报 to every department's officers
 * and the county bureaus (a notice to acknowledge), and gives each interviewed department a
 * rectification task with a deadline through the existing loop.
 */
export async function assessManagementWork(
  platform: Platform,
  actor: Actor,
  fiscalYear: number,
  opts: { deadlineDays?: number } = {},
): Promise<ManagementAssessmentRow> {
  requirePermission(actor, 'management_work.assess');
  const regionId = actor.regionId;
  if (regionId === null) throw new NotFoundError('系统账号没有所属区划，不能开展考核');
  const day = today(platform);
  const parties = await partiesOf(platform.db, regionId);
  const facts = await Promise.all(
    parties.map((p) =>
      managementFacts(platform.db, p, fiscalYear, day, platform.config.coverage.selfEvaluationMinShare),
    ),
  );
  const scored = scoreManagementWork(facts, platform.config.managementAssessment);
  const byId = new Map(parties.map((p) => [p.partyId, p]));
  const scores: StoredManagementScore[] = scored.map((s) => ({
    ...s,
    partyKind: byId.get(s.partyId)?.partyKind ?? 'department',
  }));
  const id = await platform.db.transaction(async (tx) => {
    const at = platform.now();
    const [row] = await tx
      .insert(managementAssessments)
      .values({ regionId, fiscalYear, scores, createdBy: actor.userId, createdAt: at })
      .returning({ id: managementAssessments.id });
    const aid = (row as { id: number }).id;
    const recipients = await queryRows<{ id: number; org_id: number }>(
      tx,
      sql`select u.id, o.id as org_id from users u join org_units o on o.id = u.org_unit_id join regions r on r.id = o.region_id
           where u.active and (
             (o.kind = 'department' and o.region_id = ${regionId}::int and 'dept_officer' = any(u.roles))
             or (o.kind = 'finance_bureau' and r.parent_id = ${regionId}::int and 'finance_admin' = any(u.roles)))
           order by u.id`,
    );
    if (recipients.length > 0) {
      await tx
        .insert(outbox)
        .values(
          recipients.flatMap((r) => [
            {
              kind: 'management_ranking',
              dedupeKey: `ranking:${aid}:${r.id}`,
              recipientUserId: Number(r.id),
              payload: { assessmentId: aid, partyId: Number(r.org_id) },
            },
            // The 通报 itself as DOCX, a file message right after the notice (its own row: nothing twice).
            {
              kind: MANAGEMENT_RANKING_FILE,
              dedupeKey: `ranking:${aid}:${r.id}:docx`,
              recipientUserId: Number(r.id),
              payload: { assessmentId: aid },
            },
          ]),
        )
        .onConflictDoNothing();
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'management_assessment.run',
          entityType: 'management_assessment',
          entityId: aid,
          after: { fiscalYear, ranking: scores.map((s) => [s.rank, s.name, s.total, s.outcome]) },
        },
      ],
      at,
    );
    return aid;
  });
  // Interviewed departments get their rectification task (each in its own transaction, like any task).
  const deadline = addDaysIso(day, opts.deadlineDays ?? 30);
  for (const s of scores) {
    if (s.outcome !== 'interviewed') continue;
    const party = byId.get(s.partyId);
    if (!party) continue;
    const [item] = await queryRows<{ id: number }>(
      platform.db,
      sql`select i.id from budget_items i join org_units o on o.id = i.org_unit_id
           where o.path like ${`${party.pathPrefix}%`} and i.fiscal_year_start <= ${fiscalYear}::int and i.fiscal_year_end >= ${fiscalYear}::int
           order by (i.kind = 'department_wide') desc, i.approved_amount_fen desc, i.id limit 1`,
    );
    if (!item) continue;
    const [assignee] = await listRectificationAssignees(platform.db, actor, Number(item.id));
    if (!assignee) continue;
    const lost = s.indicators.filter((i) => i.score < i.points).map((i) => `${i.name}（${i.evidence}）`);
    const task = await createTask(platform, actor, {
      itemId: Number(item.id),
      assigneeUserId: assignee.userId,
      deadline,
      source: 'management_assessment',
      requirement: `${fiscalYear}年度预算绩效管理工作考核得分 ${s.total} 分，排名第 ${s.rank}，列为约谈对象。请针对失分项${lost.length > 0 ? `：${lost.join('；')}` : ''}，制定整改措施并按期完成。`,
    });
    s.taskId = task.id;
  }
  if (scores.some((s) => s.taskId)) {
    await platform.db.update(managementAssessments).set({ scores }).where(eq(managementAssessments.id, id));
  }
  return getManagementAssessment(platform.db, actor, id);
}

/** 约谈记录 (DI-6): the finance bureau records the interview of a party the assessment marked for one. */
export async function recordInterview(
  platform: Platform,
  actor: Actor,
  assessmentId: number,
  input: { partyId: number; heldOn: string; summary: string },
): Promise<ManagementAssessmentRow> {
  requirePermission(actor, 'management_work.assess');
  await platform.db.transaction(async (tx) => {
    await tx.execute(sql`select id from management_assessments where id = ${assessmentId}::int for update`);
    const a = await getManagementAssessment(tx, actor, assessmentId);
    const party = a.scores.find((s) => s.partyId === input.partyId);
    if (!party) {
      throw new InputError(`字段 partyId：${input.partyId} 不在本次考核中`, [
        { path: 'partyId', message: '不在本次考核中' },
      ]);
    }
    if (party.outcome !== 'interviewed') throw new ConflictError(`${party.name}不是本次考核的约谈对象`);
    if (input.heldOn > today(platform)) {
      throw new InputError('字段 heldOn：约谈日期不能晚于今天', [
        { path: 'heldOn', message: '不能晚于今天' },
      ]);
    }
    const before = party.interview ?? null;
    party.interview = { heldOn: input.heldOn, summary: input.summary.trim(), recordedBy: actor.name };
    await tx
      .update(managementAssessments)
      .set({ scores: a.scores })
      .where(eq(managementAssessments.id, assessmentId));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'management_assessment.interview',
          entityType: 'management_assessment',
          entityId: assessmentId,
          before,
          after: { partyId: input.partyId, ...party.interview },
        },
      ],
      platform.now(),
    );
  });
  return getManagementAssessment(platform.db, actor, assessmentId);
}
