import { ConflictError, InputError, NotFoundError } from '@jixiao/core';
import { and, desc, eq } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Platform } from '../platform.ts';
import { targetVersions } from '../schema/index.ts';
import { getVersion, type TargetVersionRow } from './versions.ts';

/**
 * 答复审核意见: the department answers the reviewer's comment on one indicator of a returned
 * target (what it changed, or why the value stands) before sending the target again. Only the
 * latest, returned version of a target in the actor's write scope; one answer per comment,
 * replaceable until the target is resubmitted; audited.
 */
export async function answerTargetComment(
  platform: Platform,
  actor: Actor,
  versionId: number,
  input: { indicator: string; answer: string },
): Promise<TargetVersionRow> {
  requirePermission(actor, 'targets.write');
  const answer = input.answer.trim();
  if (answer.length < 2 || answer.length > 1000) {
    throw new InputError('字段 answer：答复须为2至1000个字', [
      { path: 'answer', message: '答复须为2至1000个字' },
    ]);
  }
  await platform.db.transaction(async (tx) => {
    const v = await getVersion(tx, actor, versionId);
    requirePermissionAt(actor, 'targets.write', v.orgUnit.path, `${v.orgUnit.name}的绩效目标`);
    const [row] = await tx.select().from(targetVersions).where(eq(targetVersions.id, v.id)).for('update');
    if (row?.status !== 'returned') {
      throw new ConflictError('只能答复被退回的绩效目标的审核意见', { versionId });
    }
    const [latest] = await tx
      .select({ id: targetVersions.id })
      .from(targetVersions)
      .where(
        row.targetId !== null
          ? eq(targetVersions.targetId, row.targetId)
          : and(eq(targetVersions.departmentTargetId, row.departmentTargetId as number)),
      )
      .orderBy(desc(targetVersions.version))
      .limit(1);
    if (latest?.id !== row.id) throw new ConflictError('该目标已重新报送，意见不能再答复', { versionId });
    const index = row.comments.findIndex((c) => c.indicator === input.indicator);
    if (index < 0) {
      throw new NotFoundError(`审核意见中没有针对指标“${input.indicator}”的意见`, { versionId });
    }
    const at = platform.now();
    const comments = row.comments.map((c, i) =>
      i === index
        ? {
            ...c,
            answer,
            answeredBy: { id: actor.userId ?? 0, name: actor.name },
            answeredAt: at.toISOString(),
          }
        : c,
    );
    await tx.update(targetVersions).set({ comments }).where(eq(targetVersions.id, row.id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'target.review.answer',
          entityType: 'target_version',
          entityId: row.id,
          itemId: row.itemId,
          before: { indicator: input.indicator, answer: row.comments[index]?.answer ?? null },
          after: { indicator: input.indicator, answer },
        },
      ],
      at,
    );
  });
  return getVersion(platform.db, actor, versionId);
}
