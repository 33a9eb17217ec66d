import {
  ConflictError,
  InputError,
  NotFoundError,
  type Permission,
  SEVERITIES,
  type Severity,
  SUGGESTED_ACTIONS,
} from '@jixiao/core';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { applyAction } from '../items/lifecycle.ts';
import type { Platform } from '../platform.ts';
import { warningRecipientsSql } from '../responsibility/warning-recipients.ts';
import { budgetItems, orgUnits, users, type WarningStatus, warnings } from '../schema/index.ts';
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
    conds.push(sql`${warnings.status} in ('open', 'acknowledged', 'escalated')`);
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

function requireOpen(w: WarningRow): void {
  if (w.status === 'closed')
    throw new ConflictError(
      `预警已于 ${w.closedAt?.toISOString().slice(0, 10)} 自动关闭：${w.closeReason ?? ''}`,
    );
  if (w.status === 'resolved') throw new ConflictError('预警已办结');
}

/** One staff action on a warning still open: locked, changed and audited in one transaction. */
async function actOnWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  permission: Permission,
  action: string,
  change: (tx: Tx, w: WarningRow, at: Date) => Promise<{ before: unknown; after: unknown }>,
): Promise<WarningRow> {
  requirePermission(actor, permission);
  await platform.db.transaction(async (tx) => {
    const w = await lockWarning(tx, actor, id, permission);
    requireOpen(w);
    const at = platform.now();
    const { before, after } = await change(tx, w, at);
    await appendAudit(
      tx,
      [{ actor, action, entityType: 'warning', entityId: id, itemId: w.item.id, before, after }],
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
  return actOnWarning(
    platform,
    actor,
    id,
    'warnings.acknowledge',
    'warning.acknowledge',
    async (tx, w, at) => {
      await tx
        .update(warnings)
        .set({
          status: w.status === 'escalated' ? 'escalated' : 'acknowledged',
          acknowledgedBy: actor.userId,
          acknowledgedAt: at,
          acknowledgement: explanation,
          changedAt: at,
        })
        .where(eq(warnings.id, id));
      return { before: { status: w.status }, after: { status: 'acknowledged', explanation } };
    },
  );
}

/** 升级: the finance bureau escalates a warning; its people (and heads) are told again. */
export async function escalateWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  reason: string,
): Promise<WarningRow> {
  return actOnWarning(platform, actor, id, 'warnings.manage', 'warning.escalate', async (tx, w, at) => {
    const severity: Severity = w.severity === 'yellow' ? 'orange' : 'red';
    await tx
      .update(warnings)
      .set({
        status: 'escalated',
        severity,
        escalationLevel: w.escalationLevel + 1,
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
    return {
      before: { severity: w.severity, status: w.status },
      after: { severity, status: 'escalated', reason },
    };
  });
}

/** 办结: the finance bureau resolves a warning (the sweep keeps it resolved unless it gets worse). */
export async function resolveWarning(
  platform: Platform,
  actor: Actor,
  id: number,
  resolution: string,
): Promise<WarningRow> {
  return actOnWarning(platform, actor, id, 'warnings.manage', 'warning.resolve', async (tx, w, at) => {
    await tx
      .update(warnings)
      .set({ status: 'resolved', resolvedBy: actor.userId, resolvedAt: at, resolution, changedAt: at })
      .where(eq(warnings.id, id));
    return { before: { status: w.status }, after: { status: 'resolved', resolution } };
  });
}

/**
 * Applies a warning's payment sanction: 暂缓拨款 suspends the item, 停止拨款 terminates it (both
 * block payments). Goes through the lifecycle, so it is checked and audited like any action.
 */
export async function applyWarningSanction(
  platform: Platform,
  actor: Actor,
  id: number,
  sanction: 'suspend_payment' | 'stop_payment',
  reason: string,
) {
  requirePermission(actor, 'warnings.manage');
  const w = await getWarning(platform.db, actor, id);
  requirePermissionAt(
    actor,
    'warnings.manage',
    await orgUnitPath(platform.db, w.orgUnit.id),
    `预警所属的“${w.orgUnit.name}”`,
  );
  requireOpen(w);
  if (!reason.trim())
    throw new InputError('字段 reason：须填写原因', [{ path: 'reason', message: '须填写原因' }]);
  const action = sanction === 'suspend_payment' ? 'suspend' : 'terminate';
  const label = sanction === 'suspend_payment' ? '暂缓拨款' : '停止拨款';
  const result = await applyAction(platform, actor, w.item.id, action, {
    reason: `${label}（预警 #${id}：${w.message}）：${reason}`,
  });
  return { warning: await getWarning(platform.db, actor, id), item: result.item };
}
