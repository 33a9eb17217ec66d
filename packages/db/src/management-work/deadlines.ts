import { InputError, NotFoundError } from '@jixiao/core';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';
import { regions, targetSubmissionDeadlines } from '../schema/index.ts';

export interface TargetDeadline {
  regionId: number;
  fiscalYear: number;
  deadline: string;
}

/** A region of the actor's own region or under it, or a not-found error naming the field. */
async function regionInScope(db: DbOrTx, actor: Actor, regionId: number): Promise<void> {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select r.path like (select path from ${regions} where id = ${actor.regionId ?? -1}::int) || '%' as ok
          from ${regions} r where r.id = ${regionId}::int`,
  );
  if (!row?.ok) throw new NotFoundError(`区划 ${regionId} 不存在或不在您的数据范围内`, { regionId });
}

/**
 * 绩效目标报送截止日期 (DI-6): the finance bureau sets (or moves) the date by which its region's —
 * or a county's under it — departments submit the year's targets. Audited with the date before.
 */
export async function setTargetDeadline(
  platform: Platform,
  actor: Actor,
  input: TargetDeadline,
): Promise<TargetDeadline> {
  requirePermission(actor, 'management_work.assess');
  const year = Number(input.deadline.slice(0, 4));
  if (year < input.fiscalYear - 1 || year > input.fiscalYear) {
    throw new InputError(`字段 deadline：${input.fiscalYear}年度目标的报送截止日期应在上一年或当年`, [
      { path: 'deadline', message: '应在上一年或当年' },
    ]);
  }
  return platform.db.transaction(async (tx) => {
    await regionInScope(tx, actor, input.regionId);
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`target-deadline:${input.regionId}:${input.fiscalYear}`}))`,
    );
    const where = and(
      eq(targetSubmissionDeadlines.regionId, input.regionId),
      eq(targetSubmissionDeadlines.fiscalYear, input.fiscalYear),
    );
    const [before] = await tx.select().from(targetSubmissionDeadlines).where(where).for('update');
    const at = platform.now();
    await tx
      .insert(targetSubmissionDeadlines)
      .values({ ...input, setBy: actor.userId, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [targetSubmissionDeadlines.regionId, targetSubmissionDeadlines.fiscalYear],
        set: { deadline: input.deadline, setBy: actor.userId, updatedAt: at },
      });
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'target_deadline.set',
          entityType: 'region',
          entityId: input.regionId,
          before: before ? { fiscalYear: before.fiscalYear, deadline: before.deadline } : null,
          after: { fiscalYear: input.fiscalYear, deadline: input.deadline },
        },
      ],
      at,
    );
    return { ...input };
  });
}

/** The deadline of the actor's region (or one under it) for a year, or null when none is set. */
export async function getTargetDeadline(
  db: DbOrTx,
  actor: Actor,
  regionId: number,
  fiscalYear: number,
): Promise<TargetDeadline | null> {
  await regionInScope(db, actor, regionId);
  const [row] = await db
    .select()
    .from(targetSubmissionDeadlines)
    .where(
      and(
        eq(targetSubmissionDeadlines.regionId, regionId),
        eq(targetSubmissionDeadlines.fiscalYear, fiscalYear),
      ),
    );
  return row ? { regionId, fiscalYear, deadline: row.deadline } : null;
}

/** The deadline that applies in a region: its own, else the nearest region above it that set one. */
export async function deadlineIn(db: DbOrTx, regionId: number, fiscalYear: number): Promise<string | null> {
  const [row] = await queryRows<{ deadline: string }>(
    db,
    sql`select d.deadline::text as deadline from ${targetSubmissionDeadlines} d join ${regions} r on r.id = d.region_id
         where d.fiscal_year = ${fiscalYear}::int
           and (select path from ${regions} where id = ${regionId}::int) like r.path || '%'
         order by length(r.path) desc limit 1`,
  );
  return row?.deadline ?? null;
}
