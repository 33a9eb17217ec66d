import { type PolicyConfig, todayInChina } from '@jixiao/core';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import type { AuditAnchor } from './audit/anchor.ts';
import type { DatabaseKind, Db } from './client.ts';

/** What services need: the database, the loaded plugins, the policy numbers and a clock. */
export interface Platform {
  db: Db;
  kind: DatabaseKind;
  registry: PluginRegistry;
  config: PolicyConfig;
  now: () => Date;
  /**
   * The business date, when it is pinned (demos, tests of a fixed day): time progress, deadlines
   * and payment dates follow it, while timestamps (`now`) stay real so they agree with the
   * database's own clock.
   */
  today?: () => string;
  /**
   * The key and file that anchor the audit chain outside the database: when set, every sweep
   * ends with a signed checkpoint, and verification checks the chain against the checkpoints.
   */
  auditAnchor?: AuditAnchor;
  /**
   * Called after a write has committed (the API calls it after every successful write): the
   * monitoring worker then judges the items the write marked, at once instead of at its next poll.
   */
  onWritten?: () => void;
}

/** Today's date in China (YYYY-MM-DD): the pinned business date, or the platform clock's. */
export function today(platform: Pick<Platform, 'now' | 'today'>): string {
  return platform.today?.() ?? todayInChina(platform.now());
}
