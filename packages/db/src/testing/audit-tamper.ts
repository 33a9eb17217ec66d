import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { type AuditAnchor, openAuditAnchor } from '../audit/anchor.ts';
import { AUDIT_HASH_VERSION, entryHash, GENESIS_HASH } from '../audit/hash.ts';
import { readAuditEntries } from '../audit/verify.ts';
import type { DbOrTx } from '../client.ts';
import { auditChainHead, auditEntries } from '../schema/index.ts';

/** A fresh signing key and checkpoint file in a temporary folder. */
export function createTestAuditAnchor(): AuditAnchor {
  const dir = mkdtempSync(join(tmpdir(), 'jx-audit-'));
  return openAuditAnchor({
    keyFile: join(dir, 'audit-signing-key.pem'),
    checkpointFile: join(dir, 'audit-checkpoints.jsonl'),
    create: true,
  });
}

/**
 * What someone with write access to the database can do after changing entries: recompute the
 * hash of every entry from `fromId` on (and the head), so that the chain is consistent again.
 * Only the signed checkpoints, kept outside the database, still tell.
 */
export async function rehashAuditChainFrom(db: DbOrTx, fromId: number): Promise<void> {
  const [prev] = await db
    .select({ hash: auditEntries.hash })
    .from(auditEntries)
    .where(eq(auditEntries.id, fromId - 1));
  let prevHash = prev?.hash ?? GENESIS_HASH;
  let lastId: number | null = fromId - 1 > 0 ? fromId - 1 : null;
  for (const row of await readAuditEntries(db, fromId - 1, 1_000_000)) {
    const hash = entryHash({
      id: row.id,
      at: row.atText,
      actorUserId: row.actorUserId,
      actorName: row.actorName,
      ...(row.actorTokenId !== null ? { actorTokenId: row.actorTokenId } : {}),
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      itemId: row.itemId,
      before: row.before,
      after: row.after,
      prevHash,
      hashVersion: AUDIT_HASH_VERSION,
    });
    await db
      .update(auditEntries)
      .set({ prevHash, hash, hashVersion: AUDIT_HASH_VERSION })
      .where(eq(auditEntries.id, row.id));
    prevHash = hash;
    lastId = row.id;
  }
  await db.execute(sql`delete from audit_chain_head`);
  await db.insert(auditChainHead).values({ id: 1, lastEntryId: lastId, lastHash: prevHash });
}
