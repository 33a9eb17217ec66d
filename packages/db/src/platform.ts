import { type PolicyConfig, todayInChina } from '@jixiao/core';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import type { DatabaseKind, Db } from './client.ts';

/** What services need: the database, the loaded plugins, the policy numbers and a clock. */
export interface Platform {
  db: Db;
  kind: DatabaseKind;
  registry: PluginRegistry;
  config: PolicyConfig;
  now: () => Date;
}

/** Today's date in China (YYYY-MM-DD) by the platform clock. */
export function today(platform: Pick<Platform, 'now'>): string {
  return todayInChina(platform.now());
}
