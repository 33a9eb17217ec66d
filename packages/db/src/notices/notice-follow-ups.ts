import { eq, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../actor.ts';
import { type AuditInput, appendAudit } from '../audit/chain.ts';
import { type Db, queryRows } from '../client.ts';
import { warningBatchKeySql } from '../monitoring/warning-batch-key.ts';
import { escalationHeadSql } from '../responsibility/escalation-head.ts';
import { notices, outbox } from '../schema/index.ts';

export interface NoticeFollowUpOptions {
  now: Date;
  /** Re-sends before escalating. */
  maxResends: number;
  /** Time between re-sends. */
  intervalMs: number;
  /** Notices handled per call. */
  limit?: number;
}

export interface NoticeFollowUpResult {
  resent: number;
  escalated: number;
  /** Their subject was closed, handled or deleted: no more re-sends. */
  closed: number;
  /** Due for escalation but no department head is set (reported, not escalated). */
  noHead: number[];
}

interface DueNotice {
  id: number;
  subject: string;
  event: string;
  recipient_user_id: number;
  resend_count: number;
  /** For a 预警汇总: the summary as first queued (what a re-send says again). */
  batch_payload: Record<string, unknown> | null;
  live: boolean;
  head_id: number | null;
}

/** The outbox message that re-sends a notice: the original kind and payload, with the re-send number. */
function resendMessage(n: DueNotice, count: number): typeof outbox.$inferInsert | null {
  const [kind, rawId] = n.subject.split(':');
  const id = Number(rawId);
  if (!Number.isInteger(id)) return null;
  const base = { dedupeKey: `notice:${n.id}:resend:${count}`, recipientUserId: n.recipient_user_id };
  if (kind === 'warning')
    return { ...base, kind: 'warning', payload: { warningId: id, event: n.event, resend: count } };
  if (kind === 'task')
    return { ...base, kind: 'rectification', payload: { taskId: id, event: n.event, resend: count } };
  if (kind === 'spot_check')
    return { ...base, kind: 'spot_check_result', payload: { entryId: id, event: n.event, resend: count } };
  if (kind === 'key_evaluation' && n.event === 'assigned')
    return { ...base, kind: 'evaluation_assignment', payload: { evaluationId: id, resend: count } };
  if (kind === 'spot_check_review')
    return { ...base, kind: 'spot_check_assignment', payload: { entryId: id, resend: count } };
  if (kind === 'warning_batch' && n.batch_payload)
    return { ...base, kind: 'warning_batch', payload: { ...n.batch_payload, resend: count } };
  return null;
}

/**
 * The acknowledgement follow-up: notices still unacknowledged when their re-send time comes are
 * re-sent (a new outbox row per re-send) up to `maxResends` times, then escalated once to the
 * head of the recipient's department. Notices whose subject is no longer open (warning closed or
 * resolved, or explained by the recipient; task submitted, accepted or cancelled) stop. Rows are
 * locked with SKIP LOCKED, so overlapping runs never handle one notice twice.
 */
export async function queueNoticeFollowUps(
  db: Db,
  opts: NoticeFollowUpOptions,
): Promise<NoticeFollowUpResult> {
  return db.transaction(async (tx) => {
    const due = await queryRows<DueNotice>(
      tx,
      sql`select n.id, n.subject, n.event, n.recipient_user_id, n.resend_count,
            case
              when n.subject like 'warning:%' then exists (select 1 from warnings w
                where w.id = split_part(n.subject, ':', 2)::int and w.status in ('open', 'acknowledged', 'escalated')
                  -- the recipient has since 签收并说明 the warning itself
                  and not (w.acknowledged_by is not distinct from n.recipient_user_id
                           and w.acknowledged_at >= coalesce(n.first_sent_at, n.created_at)))
              when n.subject like 'task:%' then exists (select 1 from rectification_tasks t
                where t.id = split_part(n.subject, ':', 2)::int and t.status in ('assigned', 'returned'))
              -- an expert's assignment stays live until they have submitted their scores or review
              when n.subject like 'key_evaluation:%' then exists (select 1 from key_evaluations k
                join evaluation_panel p on p.evaluation_id = k.id
                join experts x on x.id = p.expert_id and x.user_id = n.recipient_user_id
                where k.id = split_part(n.subject, ':', 2)::int and k.status in ('planned', 'scoring')
                  and p.submitted_at is null)
              when n.subject like 'spot_check_review:%' then exists (select 1 from spot_check_entries e
                join experts x on x.id = e.reviewer_expert_id and x.user_id = n.recipient_user_id
                where e.id = split_part(n.subject, ':', 2)::int and e.reviewed_at is null)
              else true
            end as live,
            case when n.subject like 'warning_batch:%' then (select o.payload from outbox o
              where o.dedupe_key = ${warningBatchKeySql(sql`split_part(n.subject, ':', 2)`, sql`n.recipient_user_id`)})
            end as batch_payload,
            ${escalationHeadSql(sql`n.recipient_user_id`)} as head_id
          from notices n
          where n.acknowledged_at is null and n.escalated_at is null
            and n.next_resend_at <= ${opts.now.toISOString()}::timestamptz
          order by n.next_resend_at, n.id
          limit ${opts.limit ?? 500}
          for update of n skip locked`,
    );
    const result: NoticeFollowUpResult = { resent: 0, escalated: 0, closed: 0, noHead: [] };
    const audit: AuditInput[] = [];
    const next = new Date(opts.now.getTime() + opts.intervalMs);
    for (const n of due) {
      const resendCount = Number(n.resend_count);
      const headId = n.head_id === null ? null : Number(n.head_id);
      const message = resendMessage(n, resendCount + 1);
      if (!n.live || !message) {
        await tx.update(notices).set({ nextResendAt: null }).where(eq(notices.id, n.id));
        result.closed++;
      } else if (resendCount < opts.maxResends) {
        await tx
          .insert(outbox)
          .values({ ...message, nextAttemptAt: opts.now })
          .onConflictDoNothing();
        await tx
          .update(notices)
          .set({ resendCount: resendCount + 1, nextResendAt: next })
          .where(eq(notices.id, n.id));
        audit.push({
          actor: SYSTEM_ACTOR,
          action: 'notice.resend',
          entityType: 'notice',
          entityId: n.id,
          after: { subject: n.subject, event: n.event, resendCount: resendCount + 1 },
        });
        result.resent++;
      } else if (headId !== null) {
        await tx
          .insert(outbox)
          .values({
            kind: 'notice_escalation',
            dedupeKey: `notice:${n.id}:escalation`,
            recipientUserId: headId,
            payload: { noticeId: n.id },
            nextAttemptAt: opts.now,
          })
          .onConflictDoNothing();
        await tx
          .update(notices)
          .set({ escalatedAt: opts.now, nextResendAt: null })
          .where(eq(notices.id, n.id));
        audit.push({
          actor: SYSTEM_ACTOR,
          action: 'notice.escalate',
          entityType: 'notice',
          entityId: n.id,
          after: { subject: n.subject, event: n.event, headUserId: headId, resendCount },
        });
        result.escalated++;
      } else {
        await tx.update(notices).set({ nextResendAt: null }).where(eq(notices.id, n.id));
        result.noHead.push(n.id);
      }
    }
    if (audit.length > 0) await appendAudit(tx, audit, opts.now);
    return result;
  });
}
