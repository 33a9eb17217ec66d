import {
  CASE_OUTCOME_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  type CaseAction,
  type CaseOutcome,
  type CaseSource,
  type CaseStatus,
  ConflictError,
  decideCaseAction,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@jixiao/core';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type AuditTrailVerification, verifyAuditTrail } from '../audit/trail.ts';
import type { DbOrTx } from '../client.ts';
import { getItem } from '../items/item-queries.ts';
import { type Platform, today } from '../platform.ts';
import { accountabilityCases, auditEntries, budgetItems, orgUnits } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { responsibilityOn } from './register.ts';

export interface CaseRow {
  id: number;
  item: { id: number; code: string; name: string };
  orgUnit: { id: number; name: string };
  source: CaseSource;
  sourceLabel: string;
  sourceRef: string | null;
  finding: string;
  failureOn: string;
  people: Array<{ role: string; name: string; from: string | null; to: string | null; lifetime: boolean }>;
  status: CaseStatus;
  statusLabel: string;
  outcome: CaseOutcome | null;
  outcomeLabel: string | null;
  decisionReason: string | null;
  openedAt: Date;
  decidedAt: Date | null;
}

const refuse = (field: string, message: string) =>
  new InputError(`字段 ${field}：${message}`, [{ path: field, message }]);

function query(db: DbOrTx, actor: Actor, conds: SQL[]) {
  return db
    .select({
      c: accountabilityCases,
      itemCode: budgetItems.code,
      itemName: budgetItems.name,
      orgName: orgUnits.name,
    })
    .from(accountabilityCases)
    .innerJoin(budgetItems, eq(budgetItems.id, accountabilityCases.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, accountabilityCases.orgUnitId))
    .where(and(orgInScope(actor), ...conds))
    .orderBy(asc(accountabilityCases.id));
}

function toRow(r: {
  c: typeof accountabilityCases.$inferSelect;
  itemCode: string;
  itemName: string;
  orgName: string;
}): CaseRow {
  const c = r.c;
  return {
    id: c.id,
    item: { id: c.itemId, code: r.itemCode, name: r.itemName },
    orgUnit: { id: c.orgUnitId, name: r.orgName },
    source: c.source,
    sourceLabel: CASE_SOURCE_LABELS[c.source],
    sourceRef: c.sourceRef,
    finding: c.finding,
    failureOn: c.failureOn,
    people: c.people,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    outcome: c.outcome,
    outcomeLabel: c.outcome ? CASE_OUTCOME_LABELS[c.outcome] : null,
    decisionReason: c.decisionReason,
    openedAt: c.openedAt,
    decidedAt: c.decidedAt,
  };
}

export async function listCases(
  db: DbOrTx,
  actor: Actor,
  f: { itemId?: number; status?: CaseStatus } = {},
): Promise<CaseRow[]> {
  const conds: SQL[] = [];
  if (f.itemId !== undefined) conds.push(eq(accountabilityCases.itemId, f.itemId));
  if (f.status !== undefined) conds.push(eq(accountabilityCases.status, f.status));
  return (await query(db, actor, conds).limit(500)).map(toRow);
}

export async function getCase(db: DbOrTx, actor: Actor, id: number): Promise<CaseRow> {
  const [row] = await query(db, actor, [eq(accountabilityCases.id, id)]).limit(1);
  if (!row) throw new NotFoundError(`问责事项 ${id} 不存在或不在您的数据范围内`, { caseId: id });
  return toRow(row);
}

export interface OpenCaseInput {
  itemId: number;
  source: CaseSource;
  sourceRef?: string | null;
  finding: string;
  /** YYYY-MM-DD: when the failure happened; the people named are those who answered then. */
  failureOn: string;
}

/** 启动问责: a case on an item's finding, naming the project owner (for life, on a major item) and department head of that day. */
export async function openCase(platform: Platform, actor: Actor, input: OpenCaseInput): Promise<CaseRow> {
  requirePermission(actor, 'accountability.manage');
  if (!input.finding.trim()) throw refuse('finding', '须写明问题');
  if (input.failureOn > today(platform)) throw refuse('failureOn', '问题发生日期不能晚于今天');
  const item = await getItem(platform.db, actor, input.itemId);
  requirePermissionAt(actor, 'accountability.manage', item.orgPath, `项目“${item.name}”`);
  const who = await responsibilityOn(platform.db, actor, item.id, input.failureOn);
  const people: CaseRow['people'] = [
    { role: '项目责任人', ...who.projectOwner },
    ...(who.departmentHead
      ? [{ role: `${who.department.name}主要负责人`, ...who.departmentHead, lifetime: false }]
      : []),
  ];
  const id = await platform.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(accountabilityCases)
      .values({
        itemId: item.id,
        orgUnitId: item.orgUnit.id,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        finding: input.finding.trim(),
        failureOn: input.failureOn,
        people,
        openedBy: actor.userId,
      })
      .returning({ id: accountabilityCases.id });
    const caseId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'accountability.open',
          entityType: 'accountability_case',
          entityId: caseId,
          itemId: item.id,
          after: {
            source: input.source,
            sourceRef: input.sourceRef ?? null,
            finding: input.finding.trim(),
            failureOn: input.failureOn,
            people,
          },
        },
      ],
      platform.now(),
    );
    return caseId;
  });
  return getCase(platform.db, actor, id);
}

/** 作出处理 / 移送纪检监察 / 撤销, decided by the case workflow in core. */
export async function decideCase(
  platform: Platform,
  actor: Actor,
  id: number,
  action: CaseAction,
  input: { outcome?: CaseOutcome | null; reason: string },
): Promise<CaseRow> {
  await platform.db.transaction(async (tx) => {
    const current = await getCase(tx, actor, id);
    const item = await getItem(tx, actor, current.item.id);
    requirePermissionAt(actor, 'accountability.manage', item.orgPath, `项目“${item.name}”`);
    await tx
      .select({ id: accountabilityCases.id })
      .from(accountabilityCases)
      .where(eq(accountabilityCases.id, id))
      .for('update');
    const locked = await getCase(tx, actor, id);
    const decision = decideCaseAction(action, {
      status: locked.status,
      roles: actor.roles,
      outcome: input.outcome ?? null,
      reason: input.reason,
    });
    if (!decision.ok) {
      if (decision.code === 'not_allowed') throw new NotAllowedError(decision.message);
      if (decision.code === 'conflict') throw new ConflictError(decision.message);
      throw refuse(decision.field ?? 'input', decision.message);
    }
    const at = platform.now();
    await tx
      .update(accountabilityCases)
      .set({
        status: decision.to,
        outcome: action === 'conclude' ? (input.outcome ?? null) : null,
        decisionReason: input.reason.trim(),
        decidedBy: actor.userId,
        decidedAt: at,
      })
      .where(eq(accountabilityCases.id, id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `accountability.${action}`,
          entityType: 'accountability_case',
          entityId: id,
          itemId: current.item.id,
          before: { status: locked.status },
          after: { status: decision.to, outcome: input.outcome ?? null, reason: input.reason.trim() },
        },
      ],
      at,
    );
  });
  return getCase(platform.db, actor, id);
}

export interface CaseEvidence {
  case: CaseRow;
  /** Everything recorded about the item, in order: who decided what, when. */
  entries: Array<{
    id: number;
    at: Date;
    actorName: string;
    action: string;
    entityType: string;
    entityId: string;
    before: unknown;
    after: unknown;
    prevHash: string;
    hash: string;
  }>;
  verification: AuditTrailVerification;
}

/** The evidence trail of a case, assembled from the audit log, with the chain's verification. */
export async function caseEvidence(platform: Platform, actor: Actor, id: number): Promise<CaseEvidence> {
  const { db } = platform;
  requirePermission(actor, 'audit.read');
  const c = await getCase(db, actor, id);
  const entries = await db
    .select({
      id: auditEntries.id,
      at: auditEntries.at,
      actorName: auditEntries.actorName,
      action: auditEntries.action,
      entityType: auditEntries.entityType,
      entityId: auditEntries.entityId,
      before: auditEntries.before,
      after: auditEntries.after,
      prevHash: auditEntries.prevHash,
      hash: auditEntries.hash,
    })
    .from(auditEntries)
    .where(eq(auditEntries.itemId, c.item.id))
    .orderBy(asc(auditEntries.id))
    .limit(10_000);
  return { case: c, entries, verification: await verifyAuditTrail(db, platform.auditAnchor) };
}
