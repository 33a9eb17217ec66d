import { ConflictError, formatWanYuan, InputError, NotFoundError } from '@jixiao/core';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { queryRows, type Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { responsibleUsersSql } from '../responsibility/responsible-users.ts';
import { budgetProposalLines, budgetProposals, orgUnits, outbox } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { getProposal, type ProposalView } from './queries.ts';

/** The proposal under its row lock, after checking `results.apply` reaches its department. */
async function lockProposal(tx: Tx, actor: Actor, id: number) {
  const [p] = await tx
    .select({ p: budgetProposals, orgName: orgUnits.name, orgPath: orgUnits.path })
    .from(budgetProposals)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetProposals.orgUnitId))
    .where(and(eq(budgetProposals.id, id), orgInScope(actor)))
    .for('update', { of: budgetProposals });
  if (!p) throw new NotFoundError(`预算安排建议 ${id} 不存在或不在您的数据范围内`, { proposalId: id });
  requirePermissionAt(actor, 'results.apply', p.orgPath, `“${p.orgName}”的预算安排建议`);
  if (p.p.status === 'issued')
    throw new ConflictError(`“${p.orgName}”${p.p.fiscalYear}年预算安排建议已下达，不能再修改`, {
      proposalId: id,
    });
  return p;
}

/**
 * 逐项审核: the finance bureau sets a line's proposed amount with a reason (or clears its override
 * with `proposedFen: null`); the computed figure stays beside it, and the change is audited.
 */
export async function overrideProposalLine(
  platform: Platform,
  actor: Actor,
  proposalId: number,
  itemId: number,
  input: { proposedFen: number | null; reason: string },
): Promise<ProposalView> {
  requirePermission(actor, 'results.apply');
  await platform.db.transaction(async (tx) => {
    await lockProposal(tx, actor, proposalId);
    const [line] = await tx
      .select()
      .from(budgetProposalLines)
      .where(and(eq(budgetProposalLines.proposalId, proposalId), eq(budgetProposalLines.itemId, itemId)));
    if (!line)
      throw new NotFoundError(`预算安排建议 ${proposalId} 中没有项目 ${itemId}`, { proposalId, itemId });
    if (input.proposedFen !== null && input.proposedFen < 0)
      throw new InputError('字段 proposedFen：建议数不能为负', [
        { path: 'proposedFen', message: '建议数不能为负' },
      ]);
    const at = platform.now();
    await tx
      .update(budgetProposalLines)
      .set(
        input.proposedFen === null
          ? { overrideFen: null, overrideReason: null, overriddenBy: null, overriddenAt: null }
          : {
              overrideFen: input.proposedFen,
              overrideReason: input.reason,
              overriddenBy: actor.userId,
              overriddenAt: at,
            },
      )
      .where(and(eq(budgetProposalLines.proposalId, proposalId), eq(budgetProposalLines.itemId, itemId)));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'budget_proposal.override',
          entityType: 'budget_proposal',
          entityId: proposalId,
          itemId,
          before: {
            computedFen: line.proposedFen,
            overrideFen: line.overrideFen,
            reason: line.overrideReason,
          },
          after: { overrideFen: input.proposedFen, reason: input.reason },
        },
      ],
      at,
    );
  });
  return getProposal(platform.db, actor, proposalId);
}

/** 下达: the proposal goes to the department, who is told (a notice asking for 收到). */
export async function issueProposal(platform: Platform, actor: Actor, id: number): Promise<ProposalView> {
  requirePermission(actor, 'results.apply');
  await platform.db.transaction(async (tx) => {
    const p = await lockProposal(tx, actor, id);
    const at = platform.now();
    await tx
      .update(budgetProposals)
      .set({ status: 'issued', issuedAt: at, issuedBy: actor.userId })
      .where(eq(budgetProposals.id, id));
    const recipients = await queryRows<{ user_id: number }>(
      tx,
      sql`select distinct r.user_id from (${responsibleUsersSql(sql`${p.p.orgUnitId}::int`)}) r order by 1`,
    );
    if (recipients.length) {
      await tx
        .insert(outbox)
        .values(
          recipients.map((r) => ({
            kind: 'budget_proposal',
            dedupeKey: `budget_proposal:${id}:${Number(r.user_id)}`,
            recipientUserId: Number(r.user_id),
            payload: { proposalId: id },
          })),
        )
        .onConflictDoNothing();
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'budget_proposal.issue',
          entityType: 'budget_proposal',
          entityId: id,
          before: { status: 'draft' },
          after: {
            status: 'issued',
            department: p.orgName,
            fiscalYear: p.p.fiscalYear,
            // What the department receives: the computed total with the bureau's line overrides.
            proposed: formatWanYuan((await getProposal(tx, actor, id)).proposedFen),
            notified: recipients.map((r) => Number(r.user_id)),
          },
        },
      ],
      at,
    );
  });
  return getProposal(platform.db, actor, id);
}
