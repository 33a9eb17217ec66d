import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from './config.ts';

/**
 * The key that signs the links in DingTalk messages (`/view/…`): `JIXIAO_LINK_SECRET`, or a
 * random one kept in the data folder (created on first start, readable by this user only).
 * Every server sharing a database must use the same key, so production sets the variable.
 */
export function loadLinkSecret(config: Pick<ServerConfig, 'linkSecret' | 'dataDir'>): Buffer {
  if (config.linkSecret) return Buffer.from(config.linkSecret, 'utf8');
  const file = join(config.dataDir, 'link-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
  return secret;
}
