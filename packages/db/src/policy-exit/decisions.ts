import { InputError, NotFoundError, POLICY_EXIT_DECISIONS, type PolicyExitDecision } from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { getItem, lockItemForWrite } from '../items/item-queries.ts';
import { transitionInTx } from '../items/transition.ts';
import type { Platform } from '../platform.ts';
import { budgetItems, policyExitDecisions } from '../schema/index.ts';

export interface ExitDecisionInput {
  itemId: number;
  fiscalYear: number;
  decision: PolicyExitDecision;
  reason: string;
  /** For a pair found overlapping: the other item (kept, merged into, …). */
  otherItemId?: number | null;
  /** Why the item came up (the candidate's reasons or the pair's explanation), kept with the decision. */
  grounds?: string[];
}

export interface ExitDecisionView {
  id: number;
  itemId: number;
  itemName: string;
  decision: PolicyExitDecision;
  decisionLabel: string;
  reason: string;
  otherItemId: number | null;
  /** The item's state after the decision (退出 terminates it). */
  state: string;
}

/**
 * 清理退出决定 (seed §十六): the finance bureau keeps, merges, cuts or exits an item, with its
 * reason, in the audit chain; 退出 carries out the lifecycle's `terminate` in the same transaction.
 */
export async function decideExit(
  platform: Platform,
  actor: Actor,
  input: ExitDecisionInput,
): Promise<ExitDecisionView> {
  requirePermission(actor, 'results.apply');
  const id = await platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, input.itemId, 'results.apply');
    if (input.otherItemId != null) {
      if (input.otherItemId === input.itemId)
        throw new InputError('字段 otherItemId：不能与项目本身相同', [
          { path: 'otherItemId', message: '不能与项目本身相同' },
        ]);
      await getItem(tx, actor, input.otherItemId);
    }
    const [row] = await tx
      .insert(policyExitDecisions)
      .values({
        itemId: input.itemId,
        fiscalYear: input.fiscalYear,
        decision: input.decision,
        reason: input.reason,
        otherItemId: input.otherItemId ?? null,
        grounds: input.grounds ?? [],
        decidedBy: actor.userId,
      })
      .returning({ id: policyExitDecisions.id });
    const decisionId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'policy_exit.decide',
          entityType: 'policy_exit_decision',
          entityId: decisionId,
          itemId: input.itemId,
          after: { ...input, decisionLabel: POLICY_EXIT_DECISIONS.labels[input.decision] },
        },
      ],
      platform.now(),
    );
    if (input.decision === 'exit') {
      await transitionInTx(platform, tx, actor, item, 'terminate', {
        reason: `清理退出：${input.reason}`,
      });
    }
    return decisionId;
  });
  const [d] = await platform.db
    .select({ d: policyExitDecisions, name: budgetItems.name, state: budgetItems.state })
    .from(policyExitDecisions)
    .innerJoin(budgetItems, eq(budgetItems.id, policyExitDecisions.itemId))
    .where(eq(policyExitDecisions.id, id));
  if (!d) throw new NotFoundError(`清理退出决定 ${id} 不存在`, { id });
  return {
    id,
    itemId: d.d.itemId,
    itemName: d.name,
    decision: d.d.decision,
    decisionLabel: POLICY_EXIT_DECISIONS.labels[d.d.decision],
    reason: d.d.reason,
    otherItemId: d.d.otherItemId,
    state: d.state,
  };
}
