import type { Tx } from '../client.ts';
import { outbox } from '../schema/index.ts';

/** The to-do mirroring a returned item target: created on return, completed when the target is sent again. */
export async function queueTargetTodo(
  tx: Tx,
  versionId: number,
  userId: number,
  op: 'create' | 'complete',
): Promise<void> {
  await tx
    .insert(outbox)
    .values({
      kind: 'todo',
      dedupeKey: `todo:target:${versionId}:${op}`,
      recipientUserId: userId,
      payload: { targetVersionId: versionId, op },
    })
    .onConflictDoNothing();
}
