import { chinaDateTime } from '@jixiao/core';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { auditChainHead, auditEntries } from '../schema/index.ts';
import { AUDIT_HASH_VERSION, entryHash, GENESIS_HASH, legacyEntryHash } from './hash.ts';

/** What a signed checkpoint says the chain was (its signature already checked). */
export interface CheckpointClaim {
  seq: number;
  /** The newest entry then; null when the chain was empty. */
  lastEntryId: number | null;
  lastHash: string;
  /** Entries with ids 1…lastEntryId then. */
  count: number;
  at: string;
}

export interface ChainProblem {
  /** The entry where it shows, or null (the chain head, a checkpoint whose entry is gone). */
  entryId: number | null;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries read, in id order. */
  entries: number;
  /** Of those, hashed with version 1 (written before the upgrade). */
  legacyEntries: number;
  /**
   * The chain is intact from its first entry through this one — and, when there is a problem,
   * matches a signed checkpoint there, so nothing up to it can have been rewritten. Null: none.
   */
  verifiedThroughId: number | null;
  checkpoints: { total: number; matched: number };
  /** Entries that cannot be links of the chain (ids ≤ 0): skipped, reported. */
  foreignEntryIds: number[];
  problems: ChainProblem[];
  /** The first problem (kept for callers that show one). */
  brokenAtId?: number | null;
  reason?: string;
}

/** An entry as the verification reads it. */
export interface StoredAuditEntry {
  id: number;
  atText: string;
  actorUserId: number | null;
  actorName: string;
  actorTokenId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  itemId: number | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
  hashVersion: number;
}

const MAX_REPORTED = 20;

/** `签名检查点 #3（2026-08-31 12:00 签名）` */
function checkpointName(c: CheckpointClaim): string {
  return `签名检查点 #${c.seq}（${chinaDateTime(new Date(c.at))} 签名）`;
}

/** An entry's time as stored, to the microsecond, in `auditTimestamp`'s form (a Date would drop three digits). */
const storedAuditTimestamp = sql<string>`to_char(${auditEntries.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const ENTRY_COLUMNS = {
  id: auditEntries.id,
  atText: storedAuditTimestamp,
  actorUserId: auditEntries.actorUserId,
  actorName: auditEntries.actorName,
  actorTokenId: auditEntries.actorTokenId,
  action: auditEntries.action,
  entityType: auditEntries.entityType,
  entityId: auditEntries.entityId,
  itemId: auditEntries.itemId,
  // As JSON text, parsed here: drivers differ (drizzle on PGlite parses a top-level string twice,
  // so a stored "3" would come back as the number 3).
  before: sql<string | null>`${auditEntries.before}::text`,
  after: sql<string | null>`${auditEntries.after}::text`,
  prevHash: auditEntries.prevHash,
  hash: auditEntries.hash,
  hashVersion: auditEntries.hashVersion,
};

type EntryRow = Omit<StoredAuditEntry, 'before' | 'after'> & { before: string | null; after: string | null };

function storedEntry(r: EntryRow): StoredAuditEntry {
  return {
    ...r,
    id: Number(r.id),
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  };
}

/** Entries in id order after `afterId` (from the very first, whatever its id, when null). */
export async function readAuditEntries(
  db: DbOrTx,
  afterId: number | null,
  limit: number,
): Promise<StoredAuditEntry[]> {
  const rows = await db
    .select(ENTRY_COLUMNS)
    .from(auditEntries)
    .where(afterId === null ? undefined : gt(auditEntries.id, afterId))
    .orderBy(asc(auditEntries.id))
    .limit(limit);
  return rows.map(storedEntry);
}

export async function readAuditEntry(db: DbOrTx, id: number): Promise<StoredAuditEntry | null> {
  const [row] = await db.select(ENTRY_COLUMNS).from(auditEntries).where(eq(auditEntries.id, id));
  return row ? storedEntry(row) : null;
}

/**
 * The hash the entry should have, or the reason it cannot have one. `prevHash` is the hash
 * before it in the chain (version 1 did not hash the entry's own copy of it).
 */
export function expectedHash(row: StoredAuditEntry, prevHash: string): string | { reason: string } {
  if (row.hashVersion === AUDIT_HASH_VERSION) {
    return entryHash({
      id: row.id,
      at: row.atText,
      actorUserId: row.actorUserId,
      actorName: row.actorName,
      ...(row.actorTokenId !== null ? { actorTokenId: row.actorTokenId } : {}),
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      itemId: row.itemId,
      before: row.before ?? null,
      after: row.after ?? null,
      prevHash: row.prevHash,
      hashVersion: AUDIT_HASH_VERSION,
    });
  }
  // Version 1 hashed the time to the millisecond, and every writer wrote whole milliseconds.
  if (row.atText.slice(23, 26) !== '000') return { reason: `第 ${row.id} 条的时间被改动过（${row.atText}）` };
  return legacyEntryHash(prevHash, {
    at: `${row.atText.slice(0, 23)}Z`,
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    itemId: row.itemId,
    before: row.before ?? null,
    after: row.after ?? null,
  });
}

/**
 * Walks every audit entry in id order — all of them, whatever their id — and checks each link:
 * ids from 1 without gaps (version 2), each entry's previous hash is the hash before it, each
 * hash is that of the entry's every column; version-1 entries only before the first version 2;
 * the chain head names the last entry; and every signed checkpoint (from outside the database)
 * finds its entry with the same hash and the same number of entries up to it. A rewrite that
 * recomputed every later hash, or deleted the newest entries together with the head, still
 * differs from the checkpoints taken before it.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  opts: { checkpoints?: readonly CheckpointClaim[]; batchSize?: number } = {},
): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? 5000;
  const checkpoints = opts.checkpoints ?? [];
  const claims = new Map<number, CheckpointClaim[]>();
  for (const c of checkpoints) {
    if (c.lastEntryId !== null) claims.set(c.lastEntryId, [...(claims.get(c.lastEntryId) ?? []), c]);
  }
  const matchedAt: number[] = [];
  let matched = checkpoints.filter((c) => c.lastEntryId === null).length;
  let prevHash = GENESIS_HASH;
  let prevId: number | null = null;
  let lastReadId: number | null = null;
  let entries = 0;
  let linked = 0;
  let legacy = 0;
  let sawCurrent = false;
  const foreign: number[] = [];
  const problems: ChainProblem[] = [];

  const note = (entryId: number | null, reason: string) => {
    if (problems.length < MAX_REPORTED) problems.push({ entryId, reason });
  };
  /** The last checkpoint matched below `point`: what can still be vouched for. */
  const anchoredBelow = (point: number) => {
    const below = matchedAt.filter((id) => id < point);
    return below.length ? Math.max(...below) : null;
  };
  const result = (verifiedThroughId: number | null): ChainVerification => ({
    ok: problems.length === 0,
    entries,
    legacyEntries: legacy,
    verifiedThroughId,
    checkpoints: { total: checkpoints.length, matched },
    foreignEntryIds: foreign.slice(0, MAX_REPORTED),
    problems,
    ...(problems[0] ? { brokenAtId: problems[0].entryId, reason: problems[0].reason } : {}),
  });
  const broken = (entryId: number | null, reason: string, point: number) => {
    note(entryId, reason);
    return result(anchoredBelow(point));
  };

  for (;;) {
    const batch = await readAuditEntries(db, lastReadId, batchSize);
    for (const row of batch) {
      entries++;
      lastReadId = row.id;
      if (row.id < 1) {
        // Written by hand: ids start at 1. Not a link; the chain around it is checked as if absent.
        foreign.push(row.id);
        note(row.id, `第 ${row.id} 条的编号不是正数：审计记录从 1 起编号，这一条是后来插入的`);
        continue;
      }
      if (row.hashVersion !== AUDIT_HASH_VERSION && row.hashVersion !== 1)
        return broken(row.id, `第 ${row.id} 条的哈希版本 ${row.hashVersion} 无效（记录被篡改）`, row.id);
      if (row.hashVersion === 1 && sawCurrent)
        return broken(
          row.id,
          `第 ${row.id} 条按旧版哈希（版本 1）写入，但其前已有新版记录：旧版记录只能出现在升级之前（记录被篡改）`,
          row.id,
        );
      if (row.hashVersion === AUDIT_HASH_VERSION && row.id !== (prevId ?? 0) + 1)
        return broken(
          row.id,
          prevId === null
            ? `第一条审计记录的编号应为 1，实为 ${row.id}（其前的记录被删除）`
            : `第 ${prevId} 条之后应为第 ${prevId + 1} 条，实为第 ${row.id} 条（其间的记录被删除）`,
          row.id,
        );
      if (row.prevHash !== prevHash)
        return broken(row.id, `第 ${row.id} 条的前序哈希与上一条不符（其前有记录被删除或篡改）`, row.id);
      const expected = expectedHash(row, prevHash);
      if (typeof expected !== 'string') return broken(row.id, expected.reason, row.id);
      if (expected !== row.hash)
        return broken(row.id, `第 ${row.id} 条的内容与其哈希不符（记录被篡改）`, row.id);
      linked++;
      if (row.hashVersion === 1) legacy++;
      else sawCurrent = true;
      for (const c of claims.get(row.id) ?? []) {
        if (c.lastHash !== row.hash)
          return broken(
            row.id,
            `第 ${row.id} 条与${checkpointName(c)}记录的哈希不符：此条或其前的记录被改写`,
            row.id,
          );
        if (c.count !== linked)
          return broken(
            row.id,
            `截至第 ${row.id} 条现有 ${linked} 条审计记录，${checkpointName(c)}记录为 ${c.count} 条：有记录被删除或插入`,
            row.id,
          );
        matched++;
        matchedAt.push(row.id);
      }
      prevHash = row.hash;
      prevId = row.id;
    }
    if (batch.length === batchSize) continue;
    const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
    const headId = head?.lastEntryId ?? null;
    // Entries appended while we walked: read on to them.
    if (batch.length > 0 && headId !== null && prevId !== null && headId > prevId) continue;

    const seen = new Set(matchedAt);
    // The newest first: it tells most of what was lost.
    for (const c of [...checkpoints].reverse()) {
      if (c.lastEntryId === null || seen.has(c.lastEntryId)) continue;
      note(
        null,
        linked < c.count
          ? `现有审计记录 ${linked} 条，少于${checkpointName(c)}记录的 ${c.count} 条：截至第 ${c.lastEntryId} 条的记录至少被删除了 ${c.count - linked} 条`
          : `${checkpointName(c)}记录的第 ${c.lastEntryId} 条审计记录已不存在（记录被删除）`,
      );
    }
    const missing = checkpoints.filter((c) => c.lastEntryId !== null && !seen.has(c.lastEntryId));
    const firstMissing = missing.length
      ? Math.min(...missing.map((c) => c.lastEntryId as number))
      : Number.POSITIVE_INFINITY;
    if (!head) {
      if (linked > 0) note(null, '链头记录缺失（最新的审计记录连同链头被删除）');
    } else if (headId !== prevId || head.lastHash !== prevHash) {
      note(
        null,
        prevId === null
          ? '审计记录为空，链头却不是初始状态（记录被全部删除）'
          : `链尾是第 ${prevId} 条，链头记录却${headId === null ? '为空' : `是第 ${headId} 条`}（最新的审计记录被删除或链头被改动）`,
      );
      return result(anchoredBelow(firstMissing));
    }
    const chainIntact = missing.length === 0 && (head !== undefined || linked === 0);
    return result(chainIntact ? prevId : anchoredBelow(firstMissing));
  }
}
