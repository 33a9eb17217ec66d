import { type KeyObject, sign, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { canonicalJson } from '@jixiao/core';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../client.ts';
import { auditChainHead } from '../schema/index.ts';
import type { AuditAnchor } from './anchor.ts';
import { GENESIS_HASH } from './hash.ts';
import { type CheckpointClaim, expectedHash, readAuditEntry, type StoredAuditEntry } from './verify.ts';

/** One line of the checkpoint file: the chain head then, signed. */
export interface AuditCheckpoint extends CheckpointClaim {
  /** Ed25519 over `canonicalJson` of the other fields, base64. */
  signature: string;
}

/** A checkpoint as written to the file (and sent to the audit bureau). */
export const auditCheckpointSchema = z.strictObject({
  seq: z.number().int().min(1),
  lastEntryId: z.number().int().min(1).nullable(),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(0),
  at: z.iso.datetime(),
  signature: z.string().min(1).max(200),
});

function signedBytes(c: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({ seq: c.seq, lastEntryId: c.lastEntryId, lastHash: c.lastHash, count: c.count, at: c.at }),
  );
}

function signCheckpoint(claim: CheckpointClaim, key: KeyObject): AuditCheckpoint {
  return { ...claim, signature: sign(null, signedBytes(claim), key).toString('base64') };
}

export function checkpointSignatureHolds(c: AuditCheckpoint, publicKey: KeyObject): boolean {
  return verify(null, signedBytes(c), publicKey, Buffer.from(c.signature, 'base64'));
}

export interface CheckpointFile {
  /** The lines that parse and whose signature holds, in order. */
  checkpoints: AuditCheckpoint[];
  /** What is wrong with the others (Chinese, one per line at fault). */
  problems: string[];
}

/**
 * Reads the checkpoint file (none yet: empty). Every line must be a checkpoint signed by the
 * key, numbered 1, 2, 3…: a changed line fails its signature, a removed one leaves a gap.
 */
export function readCheckpointFile(file: string, publicKey: KeyObject): CheckpointFile {
  if (!existsSync(file)) return { checkpoints: [], problems: [] };
  const checkpoints: AuditCheckpoint[] = [];
  const problems: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  let expectedSeq = 1;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const where = `检查点文件第 ${i + 1} 行`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`${where}不是有效的 JSON（文件被改动或写入中断）`);
      return;
    }
    const line = auditCheckpointSchema.safeParse(parsed);
    if (!line.success) {
      problems.push(`${where}的字段不完整或格式有误`);
      return;
    }
    const c = line.data;
    if (!checkpointSignatureHolds(c, publicKey)) {
      problems.push(`${where}（检查点 #${c.seq}）的签名无效：检查点被改动，或不是用本系统的密钥签名的`);
      return;
    }
    if (c.seq !== expectedSeq)
      problems.push(
        c.seq > expectedSeq
          ? `检查点 #${expectedSeq}${c.seq - 1 > expectedSeq ? `–#${c.seq - 1}` : ''} 不在检查点文件中（被删除）`
          : `${where}的检查点编号 #${c.seq} 重复或倒序`,
      );
    expectedSeq = Math.max(expectedSeq, c.seq + 1);
    checkpoints.push(c);
  });
  return { checkpoints, problems };
}

async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o644);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export type CheckpointOutcome =
  | { status: 'written'; checkpoint: AuditCheckpoint }
  /** The head has not moved since the last checkpoint. */
  | { status: 'unchanged'; checkpoint: AuditCheckpoint }
  /** Signing now would vouch for a chain that left the last checkpoint, or the file is damaged. */
  | { status: 'refused'; reason: string };

/** The entry's content gives its hash (version 1 hashed with the previous hash, taken as stored). */
function holdsItsHash(entry: StoredAuditEntry): boolean {
  return expectedHash(entry, entry.prevHash) === entry.hash;
}

// Any constant; it only has to be the same for every server sharing the database.
const CHECKPOINT_LOCK_KEY = 7_243_003;

/**
 * Signs the chain head and appends it to the checkpoint file. Serialised across servers by an
 * advisory lock, so checkpoints are numbered without gaps. The head is read as committed: every
 * entry up to it is committed too (entries and head change in one transaction), so the count of
 * entries up to it is exact without stopping the writers. Before signing it checks that the last
 * checkpoint's entry is still there with its hash and that no entries up to it went missing — a
 * chain rewritten since is reported, not signed.
 */
export async function writeAuditCheckpoint(
  db: Db,
  anchor: AuditAnchor,
  now: Date,
): Promise<CheckpointOutcome> {
  const key = anchor.signingKey;
  if (!key) return { status: 'refused', reason: '没有审计签名私钥，无法签名检查点' };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK_KEY})`);
    const file = readCheckpointFile(anchor.checkpointFile, anchor.publicKey);
    if (file.problems.length > 0)
      return { status: 'refused', reason: `${file.problems[0]}；检查点文件修复前不再追加` };
    const last = file.checkpoints.at(-1) ?? null;
    const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
    const lastEntryId = head?.lastEntryId ?? null;
    const lastHash = head?.lastHash ?? GENESIS_HASH;
    if (last && last.lastEntryId === lastEntryId && last.lastHash === lastHash)
      return { status: 'unchanged', checkpoint: last };
    const [counts] = await queryRows<{ since_last: number; total: number }>(
      tx,
      sql`select (select count(*) from audit_entries where id between 1 and ${last?.lastEntryId ?? 0})::int as since_last,
                 (select count(*) from audit_entries where id between 1 and ${lastEntryId ?? 0})::int as total`,
    );
    if (last?.lastEntryId) {
      const entry = await readAuditEntry(tx, last.lastEntryId);
      const problem = !entry
        ? '已不存在（记录被删除）'
        : entry.hash !== last.lastHash
          ? '的哈希已改变（记录被改写）'
          : !holdsItsHash(entry)
            ? '的内容与其哈希不符（记录被篡改）'
            : null;
      if (problem)
        return {
          status: 'refused',
          reason: `上一个签名检查点 #${last.seq} 记录的第 ${last.lastEntryId} 条审计记录${problem}`,
        };
      if (Number(counts?.since_last) !== last.count)
        return {
          status: 'refused',
          reason: `截至第 ${last.lastEntryId} 条现有 ${counts?.since_last} 条审计记录，上一个签名检查点 #${last.seq} 记录为 ${last.count} 条`,
        };
    }
    if (lastEntryId !== null) {
      const entry = await readAuditEntry(tx, lastEntryId);
      if (!entry || entry.hash !== lastHash || !holdsItsHash(entry))
        return { status: 'refused', reason: `链头指向的第 ${lastEntryId} 条审计记录不存在或与其哈希不符` };
    }
    const checkpoint = signCheckpoint(
      {
        seq: (last?.seq ?? 0) + 1,
        lastEntryId,
        lastHash,
        count: Number(counts?.total ?? 0),
        at: now.toISOString(),
      },
      key,
    );
    await appendLine(anchor.checkpointFile, JSON.stringify(checkpoint));
    return { status: 'written', checkpoint };
  });
}
