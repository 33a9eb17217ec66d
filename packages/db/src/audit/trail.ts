import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { auditEntries } from '../schema/index.ts';
import type { AuditAnchor } from './anchor.ts';
import { queueAuditAlert, queueCheckpointMessages } from './audit-messages.ts';
import {
  type AuditCheckpoint,
  type CheckpointOutcome,
  readCheckpointFile,
  writeAuditCheckpoint,
} from './checkpoints.ts';
import { type ChainVerification, verifyAuditChain } from './verify.ts';

export interface AuditTrailVerification extends ChainVerification {
  /** The checkpoint file read, or null when no anchor is configured (the chain alone was checked). */
  checkpointFile: string | null;
  latestCheckpoint: AuditCheckpoint | null;
}

async function walkTrail(db: DbOrTx, anchor: AuditAnchor | undefined): Promise<AuditTrailVerification> {
  const file = anchor ? readCheckpointFile(anchor.checkpointFile, anchor.publicKey) : null;
  const chain = await verifyAuditChain(db, { checkpoints: file?.checkpoints ?? [] });
  const problems = [
    ...(file?.problems ?? []).map((reason) => ({ entryId: null, reason })),
    ...chain.problems,
  ];
  const first = problems[0];
  return {
    ...chain,
    ok: problems.length === 0,
    problems,
    ...(first ? { brokenAtId: first.entryId, reason: first.reason } : {}),
    checkpointFile: anchor?.checkpointFile ?? null,
    latestCheckpoint: file?.checkpoints.at(-1) ?? null,
  };
}

// One walk at a time per database: callers arriving while one runs share its result, so
// verification requests cannot pile up full walks of a long chain.
const inFlight = new WeakMap<
  object,
  { anchor: AuditAnchor | undefined; walk: Promise<AuditTrailVerification> }
>();

/** The whole chain against the signed checkpoints (and the checkpoint file itself). */
export function verifyAuditTrail(
  db: DbOrTx,
  anchor: AuditAnchor | undefined,
): Promise<AuditTrailVerification> {
  const running = inFlight.get(db);
  if (running && running.anchor === anchor) return running.walk;
  const walk = walkTrail(db, anchor).finally(() => {
    if (inFlight.get(db)?.walk === walk) inFlight.delete(db);
  });
  inFlight.set(db, { anchor, walk });
  return walk;
}

export interface ItemAuditVerification {
  /** Every entry of the item is a link of the verified chain. */
  ok: boolean;
  itemId: number;
  entries: number;
  verifiedEntries: number;
  /** The item's entries that are not (first 100). */
  unverifiedEntryIds: number[];
  reason?: string;
  chain: AuditTrailVerification;
}

/**
 * An item's audit trail: each of its entries must lie in the part of the chain that verifies
 * (`verifiedThroughId`), so an entry slipped in with a made-up id, or one in a rewritten stretch,
 * is reported even though it shows in the item's audit list. The item's entries are read before
 * the walk, which reads on to whatever was appended meanwhile.
 */
export async function verifyItemAuditTrail(
  db: DbOrTx,
  anchor: AuditAnchor | undefined,
  itemId: number,
): Promise<ItemAuditVerification> {
  const rows = await db
    .select({ id: auditEntries.id })
    .from(auditEntries)
    .where(eq(auditEntries.itemId, itemId))
    .orderBy(asc(auditEntries.id));
  const ids = rows.map((r) => Number(r.id));
  const chain = await verifyAuditTrail(db, anchor);
  const through = chain.verifiedThroughId;
  const unverified = ids.filter((id) => id < 1 || through === null || id > through);
  const listed = unverified.slice(0, 5).join('、');
  return {
    ok: unverified.length === 0,
    itemId,
    entries: ids.length,
    verifiedEntries: ids.length - unverified.length,
    unverifiedEntryIds: unverified.slice(0, 100),
    ...(unverified.length > 0
      ? {
          reason: `本项目有 ${unverified.length} 条审计记录（第 ${listed}${unverified.length > 5 ? ' 等' : ''} 条）不在校验通过的审计链上：${chain.reason ?? ''}`,
        }
      : {}),
    chain,
  };
}

/**
 * Signs a checkpoint of the chain head (when the platform has a signing key) and sends a copy to
 * the audit bureau; when it refuses to sign a chain that left the last checkpoint, alerts instead.
 */
export async function checkpointAuditChain(
  platform: Pick<Platform, 'db' | 'now' | 'auditAnchor'>,
): Promise<CheckpointOutcome | null> {
  const anchor = platform.auditAnchor;
  if (!anchor?.signingKey) return null;
  const now = platform.now();
  const outcome = await writeAuditCheckpoint(platform.db, anchor, now);
  if (outcome.status === 'written') await queueCheckpointMessages(platform.db, outcome.checkpoint, now);
  if (outcome.status === 'refused') {
    console.error(`[audit] 审计链检查点未签名：${outcome.reason}`);
    await queueAuditAlert(
      platform.db,
      { source: 'checkpoint', reason: outcome.reason, entryId: null, problems: 1 },
      now,
    );
  }
  return outcome;
}

/** The daily verification: the whole trail; on failure the audit and finance bureaus are alerted. */
export async function runDailyAuditVerification(
  platform: Pick<Platform, 'db' | 'now' | 'auditAnchor'>,
): Promise<AuditTrailVerification> {
  const result = await verifyAuditTrail(platform.db, platform.auditAnchor);
  if (!result.ok) {
    console.error(`[audit] 审计链校验未通过：${result.reason}`);
    await queueAuditAlert(
      platform.db,
      {
        source: 'daily_verification',
        reason: result.reason ?? '审计链校验未通过',
        entryId: result.brokenAtId ?? null,
        problems: result.problems.length,
      },
      platform.now(),
    );
  }
  return result;
}
