import {
  type ExAnteConclusion,
  type ExAnteGateFacts,
  type ExAnteRequirement,
  exAnteRequirement,
  type PolicyConfig,
} from '@jixiao/core';
import { and, desc, eq } from 'drizzle-orm';
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
  const [req] = await db
    .select()
    .from(exAnteRequirements)
    .where(eq(exAnteRequirements.itemId, item.id))
    .limit(1);
  const [acc] = await db
    .select({
      id: exAnteAssessments.id,
      conclusion: exAnteAssessments.conclusion,
      changes: exAnteAssessments.requiredChanges,
    })
    .from(exAnteAssessments)
    .where(and(eq(exAnteAssessments.itemId, item.id), eq(exAnteAssessments.status, 'accepted')))
    .orderBy(desc(exAnteAssessments.reviewedAt), desc(exAnteAssessments.id))
    .limit(1);
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
  return {
    requirement,
    gate: { required: requirement.required, acceptedConclusion: acc?.conclusion ?? null, openChanges },
    accepted: acc ? { id: acc.id, conclusion: acc.conclusion, openChanges } : null,
    requiredByFinance: req
      ? { reason: req.reason, requiredAt: req.requiredAt, requiredBy: req.requiredBy }
      : null,
  };
}
