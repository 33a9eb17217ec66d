import { createHash } from 'node:crypto';
import { canonicalJson } from '@jixiao/core';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash version every entry is written with now (see `AuditEntryFields`). */
export const AUDIT_HASH_VERSION = 2;

/**
 * Everything an entry holds, as hashed (version 2): every column, the id and the previous hash
 * included, so a row can be neither edited, renumbered nor moved without its hash changing.
 */
export interface AuditEntryFields {
  id: number;
  /** `auditTimestamp(at)`: to the microsecond, as the database stores it. */
  at: string;
  actorUserId: number | null;
  actorName: string;
  /** Only present for writes made with an API token (an absent key hashes as it always did). */
  actorTokenId?: number;
  action: string;
  entityType: string;
  entityId: string;
  itemId: number | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hashVersion: typeof AUDIT_HASH_VERSION;
}

/** An entry's time as hashed: UTC ISO 8601 with six decimals (timestamptz keeps microseconds). */
export function auditTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 23)}000Z`;
}

export function entryHash(fields: AuditEntryFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** What version 1 hashed: no id, the time to the millisecond, the previous hash as a prefix. */
export interface LegacyAuditEntryFields {
  at: string;
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  itemId: number | null;
  before: unknown;
  after: unknown;
}

/** Version 1, for entries written before the upgrade (accepted only before the first version 2). */
export function legacyEntryHash(prevHash: string, fields: LegacyAuditEntryFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
