import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows, type Tx } from '../client.ts';
import { auditChainHead, auditEntries } from '../schema/index.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string | number;
  itemId?: number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same. It
 * keeps what JSON (and JSONB) keeps of a value: Dates become ISO strings, undefined keys disappear.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, withSortedKeys);
}

/** JSON.stringify replacer: runs after toJSON, on every nested value. */
function withSortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  // A null prototype, so a "__proto__" key stays an ordinary key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

interface HashedFields {
  at: string;
  actorUserId: number | null;
  actorName: string;
  /** Only present for writes made with an API token, so older entries hash as they always did. */
  actorTokenId?: number;
  action: string;
  entityType: string;
  entityId: string;
  itemId: number | null;
  before: unknown;
  after: unknown;
}

export function entryHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/**
 * Appends entries to the audit chain inside the caller's transaction. The chain head row is
 * locked, so concurrent writers append one after another and the chain never forks.
 */
export async function appendAudit(
  tx: Tx,
  inputs: readonly AuditInput[],
  at: Date = new Date(),
): Promise<void> {
  if (inputs.length === 0) return;
  await tx
    .insert(auditChainHead)
    .values({ id: 1, lastEntryId: null, lastHash: GENESIS_HASH })
    .onConflictDoNothing();
  const head = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  let prevHash = head[0]?.lastHash ?? GENESIS_HASH;
  const atIso = at.toISOString();
  const rows = inputs.map((input) => {
    const fields: HashedFields = {
      at: atIso,
      actorUserId: input.actor.userId,
      actorName: input.actor.name,
      ...(input.actor.tokenId != null ? { actorTokenId: input.actor.tokenId } : {}),
      action: input.action,
      entityType: input.entityType,
      entityId: String(input.entityId),
      itemId: input.itemId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
    };
    const hash = entryHash(prevHash, fields);
    const row = { ...fields, at, prevHash, hash };
    prevHash = hash;
    return row;
  });
  let lastId: number | null = null;
  // One statement per 2,000 entries; json_to_recordset keeps their order, so ids follow the chain
  // (json, not jsonb: parsing the whole batch into jsonb first costs more than the rows it holds).
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000).map((r) => ({ ...r, at: atIso }));
    const res = await queryRows<{ last: number | string | null }>(
      tx,
      sql`with ins as (
            insert into audit_entries (at, actor_user_id, actor_name, actor_token_id, action, entity_type, entity_id, item_id, before, after, prev_hash, hash)
            select x.at, x."actorUserId", x."actorName", x."actorTokenId", x.action, x."entityType", x."entityId", x."itemId", x.before, x.after, x."prevHash", x.hash
            from json_to_recordset(${JSON.stringify(chunk)}::json) as x(
              at timestamptz, "actorUserId" int, "actorName" text, "actorTokenId" int, action text, "entityType" text, "entityId" text, "itemId" int,
              before jsonb, after jsonb, "prevHash" text, hash text)
            returning id)
          select max(id) as last from ins`,
    );
    lastId = res[0]?.last === null || res[0]?.last === undefined ? lastId : Number(res[0].last);
  }
  await tx
    .update(auditChainHead)
    .set({ lastHash: prevHash, lastEntryId: lastId })
    .where(eq(auditChainHead.id, 1));
}

export type ChainVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtId: number | null; reason: string };

/** Walks the whole chain in id order and reports the first broken link. */
export async function verifyAuditChain(db: DbOrTx, batchSize = 5000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEntries)
      .where(gt(auditEntries.id, lastId))
      .orderBy(asc(auditEntries.id))
      .limit(batchSize);
    for (const row of batch) {
      count++;
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          entries: count,
          brokenAtId: row.id,
          reason: `第 ${row.id} 条的前序哈希与上一条不符（其前有记录被删除或篡改）`,
        };
      }
      const expected = entryHash(prevHash, {
        at: row.at.toISOString(),
        actorUserId: row.actorUserId,
        actorName: row.actorName,
        ...(row.actorTokenId !== null ? { actorTokenId: row.actorTokenId } : {}),
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        itemId: row.itemId,
        before: row.before ?? null,
        after: row.after ?? null,
      });
      if (expected !== row.hash) {
        return {
          ok: false,
          entries: count,
          brokenAtId: row.id,
          reason: `第 ${row.id} 条的内容与其哈希不符（记录被篡改）`,
        };
      }
      prevHash = row.hash;
      lastId = row.id;
    }
    if (batch.length < batchSize) break;
  }
  const head = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headHash = head[0]?.lastHash ?? GENESIS_HASH;
  if (headHash !== prevHash) {
    return {
      ok: false,
      entries: count,
      brokenAtId: null,
      reason: '链尾与链头记录不符（最新的审计记录被删除）',
    };
  }
  return { ok: true, entries: count };
}
