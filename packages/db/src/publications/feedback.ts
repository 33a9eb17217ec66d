import { ConflictError, freeTextScrubber, InputError, NotFoundError } from '@jixiao/core';
import { and, asc, count, desc, eq, gt, isNotNull, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermissionAt, systemActor } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';
import { budgetItems, orgUnits, outbox, publicFeedback, users } from '../schema/index.ts';
import type { PublishedSet } from './public-reads.ts';

export interface FeedbackInput {
  itemKey: string;
  satisfaction: number | null;
  comment: string | null;
  contact: string | null;
  /** A salted hash of the client (never the address itself). */
  clientHash: string;
  /** The proof-of-work challenge it solved: each is accepted once. */
  challenge: string;
}

export interface FeedbackLimits {
  /** Answers per client per hour. */
  perClientPerHour: number;
}

const PUBLIC_ACTOR = systemActor('社会公众');

/** Text as the database can keep it: no NUL, no unpaired surrogates. */
const storableText = (s: string) =>
  s
    .replaceAll(String.fromCharCode(0), '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

/** The department an item of a published set belongs to, as an org unit id. */
async function departmentId(db: DbOrTx, regionId: number, key: string): Promise<number | null> {
  const [row] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.code, key), eq(orgUnits.regionId, regionId)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * 公众参与 (DI-5): stores a satisfaction answer and/or a comment on a published item. Refused when
 * the client has answered too often this hour or the challenge was used before. A comment is sent
 * to the department's performance officers as a notice that needs 收到.
 */
export async function recordFeedback(
  platform: Platform,
  set: PublishedSet,
  input: FeedbackInput,
  limits: FeedbackLimits,
): Promise<{ id: number }> {
  const item = set.current.snapshot.subjects.find((s) => s.kind === 'item' && s.key === input.itemKey);
  if (!item?.departmentKey) throw new NotFoundError('该项目不存在或尚未公开');
  if (input.satisfaction === null && !input.comment) {
    throw new InputError('字段 satisfaction：请选择满意程度或填写意见', [
      { path: 'satisfaction', message: '满意度和意见至少填一项' },
    ]);
  }
  const comment = input.comment ? storableText(input.comment).slice(0, 500) : null;
  const contact = input.contact ? storableText(input.contact).slice(0, 60) : null;
  return platform.db.transaction(async (tx) => {
    // One client's answers are counted under a lock on its hash, so a burst cannot slip past the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`feedback:${input.clientHash}`}))`);
    const since = new Date(platform.now().getTime() - 3_600_000);
    const [recent] = await tx
      .select({ n: count() })
      .from(publicFeedback)
      .where(and(eq(publicFeedback.clientHash, input.clientHash), gt(publicFeedback.createdAt, since)));
    if ((recent?.n ?? 0) >= limits.perClientPerHour) {
      throw new ConflictError('提交过于频繁，请一小时后再试', { retryAfterSeconds: 3600 });
    }
    const orgUnitId = await departmentId(tx, set.regionId, item.departmentKey as string);
    if (orgUnitId === null) throw new NotFoundError('该项目的主管部门不存在');
    const inserted = await tx
      .insert(publicFeedback)
      .values({
        regionId: set.regionId,
        fiscalYear: set.fiscalYear,
        itemKey: input.itemKey,
        orgUnitId,
        satisfaction: input.satisfaction,
        comment,
        contact,
        clientHash: input.clientHash,
        challenge: input.challenge,
        createdAt: platform.now(),
      })
      .onConflictDoNothing({ target: publicFeedback.challenge })
      .returning({ id: publicFeedback.id });
    const id = inserted[0]?.id;
    if (id === undefined) throw new ConflictError('验证已使用过，请刷新页面后重新提交');
    if (comment) {
      const officers = await queryRows<{ id: number }>(
        tx,
        sql`select u.id from ${users} u join ${orgUnits} o on o.id = u.org_unit_id
            where u.active and o.id = ${orgUnitId} and 'dept_officer' = any(u.roles)
            order by u.id`,
      );
      if (officers.length > 0) {
        await tx
          .insert(outbox)
          .values(
            officers.map((o) => ({
              kind: 'public_feedback',
              dedupeKey: `feedback:${id}:received:${o.id}`,
              recipientUserId: o.id,
              payload: { feedbackId: id },
            })),
          )
          .onConflictDoNothing();
      }
    }
    await appendAudit(
      tx,
      [
        {
          actor: PUBLIC_ACTOR,
          action: 'public_feedback.create',
          entityType: 'public_feedback',
          entityId: id,
          after: { itemKey: input.itemKey, satisfaction: input.satisfaction, hasComment: comment !== null },
        },
      ],
      platform.now(),
    );
    return { id };
  });
}

export interface FeedbackRow {
  id: number;
  fiscalYear: number;
  itemKey: string;
  orgUnit: { id: number; name: string; path: string };
  satisfaction: number | null;
  comment: string | null;
  contact: string | null;
  reply: string | null;
  repliedAt: Date | null;
  replyPublished: boolean;
  createdAt: Date;
}

type FeedbackJoin = { f: typeof publicFeedback.$inferSelect; name: string; path: string };

function feedbackQuery(db: DbOrTx, actor: Actor) {
  return db
    .select({ f: publicFeedback, name: orgUnits.name, path: orgUnits.path })
    .from(publicFeedback)
    .innerJoin(orgUnits, eq(orgUnits.id, publicFeedback.orgUnitId))
    .where(sql`${orgUnits.path} like ${`${actor.scopePath}%`}`)
    .$dynamic();
}

/** Feedback on the actor's published items, newest first (what the department is to answer). */
export async function listFeedback(
  db: DbOrTx,
  actor: Actor,
  f: { fiscalYear?: number; unanswered?: boolean; limit: number },
): Promise<FeedbackRow[]> {
  const conds: SQL[] = [sql`${orgUnits.path} like ${`${actor.scopePath}%`}`];
  if (f.fiscalYear !== undefined) conds.push(eq(publicFeedback.fiscalYear, f.fiscalYear));
  if (f.unanswered)
    conds.push(sql`${publicFeedback.reply} is null and ${publicFeedback.comment} is not null`);
  const rows = await feedbackQuery(db, actor)
    .where(and(...conds))
    .orderBy(desc(publicFeedback.id))
    .limit(f.limit);
  return rows.map(toFeedbackRow);
}

/** One feedback in the actor's scope (the department's officers, the finance bureau). */
export async function getFeedback(db: DbOrTx, actor: Actor, id: number): Promise<FeedbackRow> {
  const [r] = await feedbackQuery(db, actor)
    .where(and(eq(publicFeedback.id, id), sql`${orgUnits.path} like ${`${actor.scopePath}%`}`))
    .limit(1);
  if (!r) throw new NotFoundError(`公众留言 ${id} 不存在或不在您的数据范围内`, { feedbackId: id });
  return toFeedbackRow(r);
}

function toFeedbackRow(r: FeedbackJoin): FeedbackRow {
  return {
    id: r.f.id,
    fiscalYear: r.f.fiscalYear,
    itemKey: r.f.itemKey,
    orgUnit: { id: r.f.orgUnitId, name: r.name, path: r.path },
    satisfaction: r.f.satisfaction,
    comment: r.f.comment,
    contact: r.f.contact,
    reply: r.f.reply,
    repliedAt: r.f.repliedAt,
    replyPublished: r.f.replyPublished,
    createdAt: r.f.createdAt,
  };
}

/** The department answers a comment; `publish` puts the comment and answer on the item's public page. */
export async function replyToFeedback(
  platform: Platform,
  actor: Actor,
  id: number,
  input: { reply: string; publish: boolean },
): Promise<FeedbackRow> {
  await platform.db.transaction(async (tx) => {
    // Locked before it is read: two answers at once leave one, with the other's as its `before`.
    await tx
      .select({ id: publicFeedback.id })
      .from(publicFeedback)
      .where(eq(publicFeedback.id, id))
      .for('update');
    const f = await getFeedback(tx, actor, id);
    requirePermissionAt(actor, 'targets.write', f.orgUnit.path, `留言所属的“${f.orgUnit.name}”`);
    if (!f.comment)
      throw new InputError('字段 reply：这条评价没有留言，无需答复', [{ path: 'reply', message: '无留言' }]);
    const reply = storableText(input.reply).trim();
    if (!reply) throw new InputError('字段 reply：答复不能为空', [{ path: 'reply', message: '不能为空' }]);
    const at = platform.now();
    await tx
      .update(publicFeedback)
      .set({ reply, repliedBy: actor.userId, repliedAt: at, replyPublished: input.publish })
      .where(eq(publicFeedback.id, id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'public_feedback.reply',
          entityType: 'public_feedback',
          entityId: id,
          before: { reply: f.reply },
          after: { reply, publish: input.publish },
        },
      ],
      at,
    );
  });
  return getFeedback(platform.db, actor, id);
}

/** The people the system knows by name (users, responsible persons of items), whose names never go public. */
async function knownPersonalNames(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from ${users} union select distinct responsible_person from ${budgetItems}`,
  );
  return rows.map((r) => r.name);
}

/**
 * What is public about an item's participation: the satisfaction summary and published replies,
 * the comment and the reply both scrubbed of known names, phone, ID-card numbers and e-mail (DI-4).
 */
export async function itemParticipation(db: DbOrTx, set: PublishedSet, itemKey: string) {
  const where = and(
    eq(publicFeedback.regionId, set.regionId),
    eq(publicFeedback.fiscalYear, set.fiscalYear),
    eq(publicFeedback.itemKey, itemKey),
  );
  const [s] = await db
    .select({
      n: count(publicFeedback.satisfaction),
      avg: sql<string | null>`avg(${publicFeedback.satisfaction})::text`,
    })
    .from(publicFeedback)
    .where(where);
  const replies = await db
    .select({
      comment: publicFeedback.comment,
      reply: publicFeedback.reply,
      repliedAt: publicFeedback.repliedAt,
    })
    .from(publicFeedback)
    .where(and(where, eq(publicFeedback.replyPublished, true), isNotNull(publicFeedback.reply)))
    .orderBy(asc(publicFeedback.id))
    .limit(50);
  const scrub = freeTextScrubber(replies.length > 0 ? await knownPersonalNames(db) : []);
  return {
    responses: s?.n ?? 0,
    average: s?.avg ? Number(s.avg) : null,
    replies: replies.map((r) => ({
      comment: scrub(r.comment ?? ''),
      reply: scrub(r.reply ?? ''),
      repliedOn: r.repliedAt ? r.repliedAt.toISOString().slice(0, 10) : '',
    })),
  };
}

/**
 * The item's satisfaction evidence for the public-judgement method of evaluation (公众评判法): how
 * many answered, the average, the share satisfied (4 or 5) and the distribution.
 */
export async function satisfactionEvidence(
  db: DbOrTx,
  regionId: number,
  fiscalYear: number,
  itemKey: string,
) {
  const rows = await db
    .select({ s: publicFeedback.satisfaction, n: count() })
    .from(publicFeedback)
    .where(
      and(
        eq(publicFeedback.regionId, regionId),
        eq(publicFeedback.fiscalYear, fiscalYear),
        eq(publicFeedback.itemKey, itemKey),
        isNotNull(publicFeedback.satisfaction),
      ),
    )
    .groupBy(publicFeedback.satisfaction);
  const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let total = 0;
  let sum = 0;
  for (const r of rows) {
    distribution[String(r.s)] = r.n;
    total += r.n;
    sum += (r.s ?? 0) * r.n;
  }
  const satisfied = (distribution['4'] ?? 0) + (distribution['5'] ?? 0);
  return {
    itemKey,
    fiscalYear,
    responses: total,
    average: total > 0 ? Math.round((sum / total) * 100) / 100 : null,
    satisfiedShare: total > 0 ? Math.round((satisfied / total) * 1000) / 10 : null,
    distribution,
  };
}
