import {
  type LifecycleAction,
  type LifecycleActionBody,
  TransitionRefusedError,
  WORKFLOW_ACTIONS,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { lifecycleEvents } from '../schema/index.ts';
import { getItem, type ItemRow, lockItemForWrite } from './item-queries.ts';
import { type ReviewFinding, type TransitionEvent, transitionInTx } from './transition.ts';

export interface ActionResult {
  item: ItemRow;
  event: TransitionEvent;
  review: ReviewFinding[];
}

/**
 * Takes a plain lifecycle action on an item (start execution, suspend, evaluate, close …).
 * Actions owned by a workflow — ex-ante assessment, target review, budget approval — are
 * refused here with where to go: they are taken only through their workflow.
 */
export async function applyAction(
  platform: Platform,
  actor: Actor,
  itemId: number,
  action: LifecycleAction,
  body: LifecycleActionBody,
): Promise<ActionResult> {
  const event = await platform.db.transaction(async (tx) => {
    await getItem(tx, actor, itemId);
    const workflow = WORKFLOW_ACTIONS[action];
    if (workflow) throw new TransitionRefusedError(workflow.replace('{id}', String(itemId)), { action });
    const item = await lockItemForWrite(tx, actor, itemId, null);
    return transitionInTx(platform, tx, actor, item, action, body);
  });
  return { item: await getItem(platform.db, actor, itemId), event, review: [] };
}

/** An item's lifecycle events, newest last. */
export async function listLifecycleEvents(tx: Pick<Tx, 'select'>, itemId: number) {
  return tx
    .select()
    .from(lifecycleEvents)
    .where(eq(lifecycleEvents.itemId, itemId))
    .orderBy(lifecycleEvents.id);
}
