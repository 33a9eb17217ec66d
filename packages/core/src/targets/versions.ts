import type { TargetVersionStatus } from '../vocabulary.ts';

/** The part of a target version that says when it was in force. */
export interface VersionWindow {
  version: number;
  status: TargetVersionStatus;
  /** First day in force (YYYY-MM-DD); null while never approved. */
  effectiveFrom: string | null;
  /** First day no longer in force; null while still in force. */
  effectiveTo: string | null;
}

/**
 * The version in force on a date (IN-9): approved, in force from `effectiveFrom` until the day
 * before `effectiveTo`. Monitoring and evaluation read targets through this, so a change during
 * the year never rewrites what was measured before it.
 */
export function versionInForce<T extends VersionWindow>(versions: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.status !== 'approved' || v.effectiveFrom === null || v.effectiveFrom > date) continue;
    if (v.effectiveTo !== null && v.effectiveTo <= date) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best;
}
