import {
  type ExAnteConclusion,
  type ExAnteGateFacts,
  type ExAnteRequirement,
  exAnteRequirement,
  type PolicyConfig,
} from '@jixiao/core';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import type { ItemRow } from '../items/item-queries.ts';
import { exAnteAssessments, exAnteRequirements } from '../schema/index.ts';

export interface ExAnteStatus {
  requirement: ExAnteRequirement;
  /** What the budget gate (EA-8) sees. */
  gate: ExAnteGateFacts;
  /** The latest accepted assessment, whose conclusion stands. */
  accepted: { id: number; conclusion: ExAnteConclusion | null; openChanges: number } | null;
  requiredByFinance: { reason: string; requiredAt: Date; requiredBy: number | null } | null;
}

/** Whether an item needs an ex-ante assessment and where its accepted one stands. */
export async function loadExAnteStatus(
  db: DbOrTx,
  item: ItemRow,
  config: PolicyConfig,
): Promise<ExAnteStatus> {
  return (await loadExAnteStatuses(db, [item], config)).get(item.id) as ExAnteStatus;
}

/** Same for many items at once (two statements), by item id. */
export async function loadExAnteStatuses(
  db: DbOrTx,
  items: readonly ItemRow[],
  config: PolicyConfig,
): Promise<Map<number, ExAnteStatus>> {
  const out = new Map<number, ExAnteStatus>();
  if (items.length === 0) return out;
  const ids = [...new Set(items.map((i) => i.id))];
  const reqs = new Map(
    (await db.select().from(exAnteRequirements).where(inArray(exAnteRequirements.itemId, ids))).map((r) => [
      r.itemId,
      r,
    ]),
  );
  const rows = await db
    .select({
      itemId: exAnteAssessments.itemId,
      id: exAnteAssessments.id,
      conclusion: exAnteAssessments.conclusion,
      changes: exAnteAssessments.requiredChanges,
    })
    .from(exAnteAssessments)
    .where(and(inArray(exAnteAssessments.itemId, ids), eq(exAnteAssessments.status, 'accepted')))
    .orderBy(desc(exAnteAssessments.reviewedAt), desc(exAnteAssessments.id));
  const accepted = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!accepted.has(r.itemId)) accepted.set(r.itemId, r);
  for (const item of items) {
    const req = reqs.get(item.id);
    const acc = accepted.get(item.id);
    const requirement = exAnteRequirement(
      {
        isNewMajor: item.isNewMajor,
        isNew: item.isNew,
        isCapitalConstruction: item.isCapitalConstruction,
        approvedAmountFen: item.approvedAmountFen,
        requiredByFinance: req?.reason ?? null,
      },
      config,
    );
    const openChanges = acc ? acc.changes.filter((c) => !c.response).length : 0;
    out.set(item.id, {
      requirement,
      gate: { required: requirement.required, acceptedConclusion: acc?.conclusion ?? null, openChanges },
      accepted: acc ? { id: acc.id, conclusion: acc.conclusion, openChanges } : null,
      requiredByFinance: req
        ? { reason: req.reason, requiredAt: req.requiredAt, requiredBy: req.requiredBy }
        : null,
    });
  }
  return out;
}
