import { type Role, todayInChina } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../client.ts';
import type { AuditCheckpoint } from './checkpoints.ts';

/** Who hears about the audit chain: the audit bureau; of failures also the finance bureau's admins. */
const AUDIT_CHECKPOINT_RECIPIENTS: readonly Role[] = ['auditor'];
const AUDIT_ALERT_RECIPIENTS: readonly Role[] = ['auditor', 'finance_admin'];

async function queueForRoles(
  db: DbOrTx,
  m: { kind: string; key: string; roles: readonly Role[]; payload: Record<string, unknown>; now: Date },
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select ${m.kind}, ${m.key} || ':' || u.id, u.id, ${JSON.stringify(m.payload)}::jsonb, ${m.now.toISOString()}::timestamptz
        from users u
        where u.active and u.roles && ${`{${m.roles.join(',')}}`}::text[]
        order by u.id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return rows.length;
}

/**
 * 审计链检查点: a copy of the signed checkpoint for every auditor, outside the database once
 * delivered. Returns how many were queued.
 */
export function queueCheckpointMessages(db: DbOrTx, checkpoint: AuditCheckpoint, now: Date): Promise<number> {
  return queueForRoles(db, {
    kind: 'audit_checkpoint',
    key: `audit_checkpoint:${checkpoint.seq}:${checkpoint.lastHash.slice(0, 16)}`,
    roles: AUDIT_CHECKPOINT_RECIPIENTS,
    payload: { ...checkpoint },
    now,
  });
}

export const auditAlertSchema = z.object({
  /** What found it: the daily verification, or a checkpoint that refused to sign. */
  source: z.enum(['daily_verification', 'checkpoint']),
  reason: z.string().min(1),
  /** The entry where it shows, when it is one. */
  entryId: z.number().int().nullable(),
  /** Problems found in all. */
  problems: z.number().int().min(1),
});
export type AuditAlert = z.infer<typeof auditAlertSchema>;

/** An `audit_alert` outbox row's payload. */
export const auditAlertPayloadSchema = auditAlertSchema.extend({ detectedAt: z.iso.datetime() });

/**
 * 审计链校验未通过: alerts the audit bureau and the finance bureau's admins, once a day per person
 * while the failure lasts (each day's verification alerts again).
 */
export function queueAuditAlert(db: DbOrTx, alert: AuditAlert, now: Date): Promise<number> {
  return queueForRoles(db, {
    kind: 'audit_alert',
    key: `audit_alert:${todayInChina(now)}`,
    roles: AUDIT_ALERT_RECIPIENTS,
    payload: { ...alert, detectedAt: now.toISOString() },
    now,
  });
}
