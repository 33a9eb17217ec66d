import {
  SEVERITIES,
  type Severity,
  SUGGESTED_ACTIONS,
  type SuggestedAction,
  type WarningStatus,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { rawOrgInScope } from '../scope.ts';

export interface ChatWarningRow {
  id: number;
  item: { id: number; code: string; name: string };
  orgName: string;
  severity: Severity;
  severityLabel: string;
  message: string;
  suggestedAction: SuggestedAction;
  suggestedActionLabel: string;
  status: WarningStatus;
  firstSeenAt: Date;
  acknowledgedAt: Date | null;
  /** The asker has a notice about this warning still waiting for "收到". */
  pendingNotice: boolean;
  /** A live rectification task exists for it. */
  hasTask: boolean;
}

export interface ChatWarnings {
  rows: ChatWarningRow[];
  total: number;
  counts: Record<Severity, number>;
}

export interface ChatWarningFilter {
  severity?: Severity;
  statuses: readonly WarningStatus[];
  itemId?: number;
  fundTypeId?: string;
  /** Whose pending notices to flag (the asker, even when the scope is a group's). */
  noticeUserId: number | null;
  limit: number;
}

/**
 * Warnings in the actor's scope for a chat answer: red first, then newest, with the total and the
 * count per severity (window functions: one query).
 */
export async function listChatWarnings(
  db: DbOrTx,
  actor: Actor,
  f: ChatWarningFilter,
): Promise<ChatWarnings> {
  const conds: SQL[] = [rawOrgInScope(actor, 'o')];
  const statuses = f.statuses.length > 0 ? f.statuses : ['open', 'acknowledged', 'escalated'];
  conds.push(
    sql`w.status in (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  if (f.severity) conds.push(sql`w.severity = ${f.severity}`);
  if (f.itemId !== undefined) conds.push(sql`w.item_id = ${f.itemId}::int`);
  if (f.fundTypeId !== undefined) conds.push(sql`w.fund_type_id = ${f.fundTypeId}`);
  const noticeUser = f.noticeUserId ?? -1;
  const rows = await queryRows<{
    id: number;
    item_id: number;
    code: string;
    name: string;
    org_name: string;
    severity: Severity;
    message: string;
    suggested_action: SuggestedAction;
    status: WarningStatus;
    first_seen_at: Date | string;
    acknowledged_at: Date | string | null;
    pending_notice: boolean;
    has_task: boolean;
    total: number;
    red: number;
    orange: number;
    yellow: number;
  }>(
    db,
    sql`select w.id, w.item_id, bi.code, bi.name, o.name as org_name, w.severity, w.message, w.suggested_action,
               w.status, w.first_seen_at, w.acknowledged_at,
               exists (select 1 from notices n where n.subject = 'warning:' || w.id and n.recipient_user_id = ${noticeUser}::int
                       and n.acknowledged_at is null) as pending_notice,
               exists (select 1 from rectification_tasks t where t.warning_id = w.id and t.status <> 'cancelled') as has_task,
               count(*) over ()::int as total,
               (count(*) filter (where w.severity = 'red') over ())::int as red,
               (count(*) filter (where w.severity = 'orange') over ())::int as orange,
               (count(*) filter (where w.severity = 'yellow') over ())::int as yellow
        from warnings w
        join budget_items bi on bi.id = w.item_id
        join org_units o on o.id = w.org_unit_id
        where ${sql.join(conds, sql` and `)}
        order by case w.severity when 'red' then 0 when 'orange' then 1 else 2 end, w.changed_at desc, w.id desc
        limit ${Math.max(1, Math.min(f.limit, 200))}`,
  );
  const first = rows[0];
  return {
    total: first ? Number(first.total) : 0,
    counts: {
      red: first ? Number(first.red) : 0,
      orange: first ? Number(first.orange) : 0,
      yellow: first ? Number(first.yellow) : 0,
    },
    rows: rows.map((r) => ({
      id: Number(r.id),
      item: { id: Number(r.item_id), code: r.code, name: r.name },
      orgName: r.org_name,
      severity: r.severity,
      severityLabel: SEVERITIES.labels[r.severity],
      message: r.message,
      suggestedAction: r.suggested_action,
      suggestedActionLabel: SUGGESTED_ACTIONS.labels[r.suggested_action],
      status: r.status,
      firstSeenAt: new Date(r.first_seen_at),
      acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at),
      pendingNotice: Boolean(r.pending_notice),
      hasTask: Boolean(r.has_task),
    })),
  };
}
