import {
  ACTIVE_WARNING_STATUSES,
  decideWarningAction,
  NotFoundError,
  type Permission,
  refusalError,
  SEVERITIES,
  type Severity,
  SUGGESTED_ACTIONS,
  todayInChina,
  type WarningAction,
  type WarningDecision,
  type WarningStatus,
  warningActionPermission,
} from '@jixiao/core';
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { applyAction } from '../items/lifecycle.ts';
import type { Platform } from '../platform.ts';
import { warningRecipientsSql } from '../responsibility/warning-recipients.ts';
import { budgetItems, orgUnits, users, warnings } from '../schema/index.ts';
import { orgInScope, orgUnitPath } from '../scope.ts';

export interface WarningFilter {
  severity?: Severity;
  status?: WarningStatus | 'active';
  /** Org unit (department) including its units. */
  orgUnitId?: number;
  fundTypeId?: string;
  ruleId?: string;
  itemId?: number;
  afterId?: number;
  limit: number;
}

export interface WarningRow {
  id: number;
  item: { id: number; code: string; name: string; state: string };
  orgUnit: { id: number; name: string };
  fundTypeId: string;
  fiscalYear: number;
  ruleId: string;
  severity: Severity;
  severityLabel: string;
  message: string;
  suggestedAction: string;
  suggestedActionLabel: string;
  details: Record<string, unknown>;
  status: WarningStatus;
  firstSeenAt: Date;
  changedAt: Date;
  acknowledgedBy: { id: number; name: string } | null;
  acknowledgedAt: Date | null;
  acknowledgement: string | null;
  escalationLevel: number;
  resolvedAt: Date | null;
  resolution: string | null;
  closedAt: Date | null;
  closeReason: string | null;
}

const columns = {
  w: warnings,
  itemCode: budgetItems.code,
  itemName: budgetItems.name,
  itemState: budgetItems.state,
  orgName: orgUnits.name,
  ackName: users.name,
};

function toRow(r: {
  w: typeof warnings.$inferSelect;
  itemCode: string;
  itemName: string;
  itemState: string;
  orgName: string;
  ackName: string | null;
}): WarningRow {
  const w = r.w;
  return {
    id: w.id,
    item: { id: w.itemId, code: r.itemCode, name: r.itemName, state: r.itemState },
    orgUnit: { id: w.orgUnitId, name: r.orgName },
    fundTypeId: w.fundTypeId,
    fiscalYear: w.fiscalYear,
    ruleId: w.ruleId,
    severity: w.severity,
    severityLabel: SEVERITIES.labels[w.severity],
    message: w.message,
    suggestedAction: w.suggestedAction,
    suggestedActionLabel: SUGGESTED_ACTIONS.labels[w.suggestedAction],
    details: w.details,
    status: w.status,
    firstSeenAt: w.firstSeenAt,
    changedAt: w.changedAt,
    acknowledgedBy: w.acknowledgedBy && r.ackName ? { id: w.acknowledgedBy, name: r.ackName } : null,
    acknowledgedAt: w.acknowledgedAt,
    acknowledgement: w.acknowledgement,
    escalationLevel: w.escalationLevel,
    resolvedAt: w.resolvedAt,
    resolution: w.resolution,
    closedAt: w.closedAt,
    closeReason: w.closeReason,
  };
}

function baseQuery(db: DbOrTx) {
  return db
    .select(columns)
    .from(warnings)
    .innerJoin(budgetItems, eq(budgetItems.id, warnings.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, warnings.orgUnitId))
    .leftJoin(users, eq(users.id, warnings.acknowledgedBy));
}

/** Warnings in the actor's scope, newest problems first by severity then id. */
export async function listWarnings(db: DbOrTx, actor: Actor, f: WarningFilter): Promise<WarningRow[]> {
  const conds: SQL[] = [orgInScope(actor)];
  if (f.severity) conds.push(eq(warnings.severity, f.severity));
  if (f.status === 'active' || f.status === undefined)
    conds.push(inArray(warnings.status, [...ACTIVE_WARNING_STATUSES]));
  else conds.push(eq(warnings.status, f.status));
  if (f.orgUnitId !== undefined) {
    conds.push(
      sql`${orgUnits.path} like (select o2.path from org_units o2 where o2.id = ${f.orgUnitId}) || '%'`,
    );
  }
  if (f.fundTypeId) conds.push(eq(warnings.fundTypeId, f.fundTypeId));
  if (f.ruleId) conds.push(eq(warnings.ruleId, f.ruleId));
  if (f.itemId !== undefined) conds.push(eq(warnings.itemId, f.itemId));
  if (f.afterId !== undefined) conds.push(gt(warnings.id, f.afterId));
  const rows = await baseQuery(db)
    .where(and(...conds))
    .orderBy(asc(warnings.id))
    .limit(f.limit);
  return rows.map(toRow);
}

export async function getWarning(db: DbOrTx, actor: Actor, id: number): Promise<WarningRow> {
  const rows = await baseQuery(db)
    .where(and(eq(warnings.id, id), orgInScope(actor)))
    .limit(1);
  if (!rows[0]) throw new NotFoundError(`预警 ${id} 不存在或不在您的数据范围内`, { warningId: id });
  return toRow(rows[0]);
}

/** A warning read under its row lock, after checking `permission` reaches its unit. */
async function lockWarning(tx: Tx, actor: Actor, id: number, permission: Permission): Promise<WarningRow> {
  const seen = await getWarning(tx, actor, id); // scope check before locking
  const path = await orgUnitPath(tx, seen.orgUnit.id);
  requirePermissionAt(actor, permission, path, `预警所属的“${seen.orgUnit.name}”`);
  await tx.select({ id: warnings.id }).from(warnings).where(eq(warnings.id, id)).for('update');
  return getWarning(tx, actor, id);
}

/** Asks core's warning workflow; throws its refusal as the matching domain error. */
function decide(action: WarningAction, w: WarningRow, actor: Actor, text: string | null) {
  const decision = decideWarningAction(action, {
    status: w.status,
    severity: w.severity,
    escalationLevel: w.escalationLevel,
    roles: actor.roles,
    closedOn: w.closedAt ? todayInChina(w.closedAt) : null,
    closeReason: w.closeReason,
    text,
  });
  if (!decision.ok) throw refusalError(decision, { warningId: w.id });
  return decision;
}

type Decided = Extract<WarningDecision, { ok: true }>;

/**
 * One staff action on a warning: authorised, locked, decided by core's warning workflow, then
 * persisted and audited in one transaction.
 */
async function actOnWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  action: WarningAction,
  text: string,
  persist: (tx: Tx, d: Decided, at: Date) => Promise<Record<string, unknown>>,
): Promise<WarningRow> {
  requirePermission(actor, warningActionPermission(action));
  await platform.db.transaction(async (tx) => {
    const w = await lockWarning(tx, actor, id, warningActionPermission(action));
    const d = decide(action, w, actor, text);
    const at = platform.now();
    const given = await persist(tx, d, at);
    // Escalation is the action that changes severity: its entry records both.
    const severity = (v: Severity) => (action === 'escalate' ? { severity: v } : {});
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `warning.${action}`,
          entityType: 'warning',
          entityId: id,
          itemId: w.item.id,
          before: { status: w.status, ...severity(w.severity) },
          after: { status: d.to, ...severity(d.severity), ...given },
        },
      ],
      at,
    );
  });
  return getWarning(platform.db, actor, id);
}

/** 签收并说明: the responsible officer acknowledges a warning with an explanation. */
export async function acknowledgeWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  explanation: string,
): Promise<WarningRow> {
  return actOnWarning(platform, actor, id, 'acknowledge', explanation, async (tx, d, at) => {
    await tx
      .update(warnings)
      .set({
        status: d.to,
        acknowledgedBy: actor.userId,
        acknowledgedAt: at,
        acknowledgement: explanation,
        changedAt: at,
      })
      .where(eq(warnings.id, id));
    return { explanation };
  });
}

/** 升级: the finance bureau escalates a warning; its people (and heads) are told again. */
export async function escalateWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  reason: string,
): Promise<WarningRow> {
  return actOnWarning(platform, actor, id, 'escalate', reason, async (tx, d, at) => {
    await tx
      .update(warnings)
      .set({
        status: d.to,
        severity: d.severity,
        escalationLevel: d.escalationLevel,
        escalatedAt: at,
        changedAt: at,
      })
      .where(eq(warnings.id, id));
    await tx.execute(sql`
      insert into outbox (kind, dedupe_key, recipient_user_id, payload)
      select 'warning', 'warning:' || w.id || ':escalated:' || w.severity || ':' || w.escalation_level || ':' || r.user_id, r.user_id,
             jsonb_build_object('warningId', w.id, 'event', 'escalated', 'severity', w.severity, 'itemId', w.item_id, 'reason', ${reason}::text)
      from warnings w join lateral (${warningRecipientsSql()}) r on true
      where w.id = ${id}
      on conflict (dedupe_key) do nothing`);
    return { reason };
  });
}

/** 办结: the finance bureau resolves a warning (the sweep keeps it resolved unless it gets worse). */
export async function resolveWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  resolution: string,
): Promise<WarningRow> {
  return actOnWarning(platform, actor, id, 'resolve', resolution, async (tx, d, at) => {
    await tx
      .update(warnings)
      .set({ status: d.to, resolvedBy: actor.userId, resolvedAt: at, resolution, changedAt: at })
      .where(eq(warnings.id, id));
    return { resolution };
  });
}

/**
 * Applies a warning's payment sanction: 暂缓拨款 suspends the item, 停止拨款 terminates it (both
 * block payments). Core's warning workflow decides whether the warning allows it; the item's
 * lifecycle then checks, persists and audits the action like any other.
 */
export async function applyWarningSanction(
  platform: Platform,
  actor: Actor,
  id: number,
  sanction: 'suspend_payment' | 'stop_payment',
  reason: string,
) {
  requirePermission(actor, warningActionPermission('apply_sanction'));
  const w = await getWarning(platform.db, actor, id);
  requirePermissionAt(
    actor,
    'warnings.manage',
    await orgUnitPath(platform.db, w.orgUnit.id),
    `预警所属的“${w.orgUnit.name}”`,
  );
  decide('apply_sanction', w, actor, reason);
  const action = sanction === 'suspend_payment' ? 'suspend' : 'terminate';
  const label = SUGGESTED_ACTIONS.labels[sanction];
  const result = await applyAction(platform, actor, w.item.id, action, {
    reason: `${label}（预警 #${id}：${w.message}）：${reason}`,
  });
  return { warning: await getWarning(platform.db, actor, id), item: result.item };
}
