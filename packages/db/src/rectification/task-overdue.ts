import { TASK_STATUSES_AWAITING_ASSIGNEE } from '@jixiao/core';
import { eq, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type Db, queryRows } from '../client.ts';
import { escalationHeadSql } from '../responsibility/escalation-head.ts';
import { outbox, rectificationTasks } from '../schema/index.ts';
import { textListSql } from '../sql-literals.ts';

const AWAITING_ASSIGNEE_SQL = textListSql(TASK_STATUSES_AWAITING_ASSIGNEE);

export interface OverdueEscalationResult {
  /** Tasks escalated this run. */
  escalated: number;
  /** Of those, tasks whose assignee's department has no head set (only the assignee was told). */
  noHead: number[];
}

/**
 * 逾期督办: every open task (assigned or returned) past its deadline and not yet escalated is
 * escalated once — a message to the head of the assignee's department and one to the assignee,
 * `escalated_at` set, audited — in one transaction. Rows are locked with SKIP LOCKED, and
 * `escalated_at` makes it once per task even if the job runs twice.
 */
export async function queueOverdueEscalations(
  db: Db,
  opts: { today: string; now: Date; limit?: number },
): Promise<OverdueEscalationResult> {
  return db.transaction(async (tx) => {
    const due = await queryRows<{
      id: number;
      assignee_user_id: number;
      item_id: number;
      head_id: number | null;
    }>(
      tx,
      sql`select t.id, t.assignee_user_id, t.item_id, ${escalationHeadSql(sql`t.assignee_user_id`)} as head_id
          from rectification_tasks t
          where t.status in ${AWAITING_ASSIGNEE_SQL} and t.deadline < ${opts.today}::date and t.escalated_at is null
          order by t.id
          limit ${opts.limit ?? 1000}
          for update of t skip locked`,
    );
    const result: OverdueEscalationResult = { escalated: 0, noHead: [] };
    for (const t of due) {
      const taskId = Number(t.id);
      const assignee = Number(t.assignee_user_id);
      const head = t.head_id === null ? null : Number(t.head_id);
      const rows: Array<typeof outbox.$inferInsert> = [
        {
          kind: 'rectification',
          dedupeKey: `task:${taskId}:overdue:${assignee}`,
          recipientUserId: assignee,
          payload: { taskId, event: 'overdue' },
          nextAttemptAt: opts.now,
        },
      ];
      if (head !== null) {
        rows.push({
          kind: 'rectification',
          dedupeKey: `task:${taskId}:overdue:${head}`,
          recipientUserId: head,
          payload: { taskId, event: 'overdue', role: 'head' },
          nextAttemptAt: opts.now,
        });
      } else {
        result.noHead.push(taskId);
      }
      await tx.insert(outbox).values(rows).onConflictDoNothing();
      await tx
        .update(rectificationTasks)
        .set({ escalatedAt: opts.now })
        .where(eq(rectificationTasks.id, taskId));
      await appendAudit(
        tx,
        [
          {
            actor: SYSTEM_ACTOR,
            action: 'rectification.overdue_escalate',
            entityType: 'rectification_task',
            entityId: taskId,
            itemId: Number(t.item_id),
            after: { headUserId: head, today: opts.today },
          },
        ],
        opts.now,
      );
      result.escalated++;
    }
    return result;
  });
}
