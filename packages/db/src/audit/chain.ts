import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { queryRows, type Tx } from '../client.ts';
import { auditChainHead } from '../schema/index.ts';
import {
  AUDIT_HASH_VERSION,
  type AuditEntryFields,
  auditTimestamp,
  entryHash,
  GENESIS_HASH,
} from './hash.ts';

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
 * Locks the chain head (creating it for the first entry) and returns it with the id the next
 * entry gets. Every writer goes through this lock, so entries are appended one writer after
 * another, ids follow the chain without gaps, and the chain never forks. The next id is taken
 * from the table rather than the head, so a damaged head row cannot stop the writes (the
 * verification reports it).
 */
export async function lockChainHead(tx: Tx): Promise<{ lastHash: string; nextId: number }> {
  await tx
    .insert(auditChainHead)
    .values({ id: 1, lastEntryId: null, lastHash: GENESIS_HASH })
    .onConflictDoNothing();
  const head = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  const [max] = await queryRows<{ last: number | string | null }>(
    tx,
    sql`select max(id) as last from audit_entries`,
  );
  return { lastHash: head[0]?.lastHash ?? GENESIS_HASH, nextId: Number(max?.last ?? 0) + 1 };
}

type TimedInput = AuditInput & { at: Date };

/** Transactions whose audit entries are collected and appended once, at the end (`withBatchedAudit`). */
const batches = new WeakMap<Tx, TimedInput[]>();

/**
 * Runs `work` in `tx` with its audit entries collected, then appends them all to the chain in one
 * go, in the order they were written and each with its own time. For bulk work (a workbook of
 * 250 targets appends 750 entries): one lock of the chain head instead of one per entry. If
 * `work` throws, nothing is appended (and the transaction rolls back).
 */
export async function withBatchedAudit<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  if (batches.has(tx)) return work();
  const batch: TimedInput[] = [];
  batches.set(tx, batch);
  let result: T;
  try {
    result = await work();
  } finally {
    batches.delete(tx);
  }
  await insertEntries(tx, batch);
  return result;
}

/** Appends entries to the audit chain inside the caller's transaction. */
export async function appendAudit(
  tx: Tx,
  inputs: readonly AuditInput[],
  at: Date = new Date(),
): Promise<void> {
  if (inputs.length === 0) return;
  const batch = batches.get(tx);
  if (batch) {
    for (const input of inputs) batch.push({ ...input, at });
    return;
  }
  await insertEntries(
    tx,
    inputs.map((input) => ({ ...input, at })),
  );
}

async function insertEntries(tx: Tx, inputs: readonly TimedInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const head = await lockChainHead(tx);
  let prevHash = head.lastHash;
  const rows = inputs.map((input, i) => {
    const fields: AuditEntryFields = {
      id: head.nextId + i,
      at: auditTimestamp(input.at),
      actorUserId: input.actor.userId,
      actorName: input.actor.name,
      ...(input.actor.tokenId != null ? { actorTokenId: input.actor.tokenId } : {}),
      action: input.action,
      entityType: input.entityType,
      entityId: String(input.entityId),
      itemId: input.itemId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
      prevHash,
      hashVersion: AUDIT_HASH_VERSION,
    };
    const hash = entryHash(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
  // One statement per 2,000 entries (json, not jsonb: parsing the whole batch into jsonb first
  // costs more than the rows it holds).
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await tx.execute(
      sql`insert into audit_entries (id, at, actor_user_id, actor_name, actor_token_id, action, entity_type, entity_id, item_id, before, after, prev_hash, hash, hash_version)
          select x.id, x.at, x."actorUserId", x."actorName", x."actorTokenId", x.action, x."entityType", x."entityId", x."itemId", x.before, x.after, x."prevHash", x.hash, x."hashVersion"
          from json_to_recordset(${JSON.stringify(chunk)}::json) as x(
            id bigint, at timestamptz, "actorUserId" int, "actorName" text, "actorTokenId" int, action text, "entityType" text, "entityId" text, "itemId" int,
            before jsonb, after jsonb, "prevHash" text, hash text, "hashVersion" smallint)`,
    );
  }
  await tx
    .update(auditChainHead)
    .set({ lastHash: prevHash, lastEntryId: head.nextId + rows.length - 1 })
    .where(eq(auditChainHead.id, 1));
}
