import type { Actor, Platform } from '@jixiao/db';
import { type ItemName, listItemNames } from '@jixiao/db/chat';

const TTL_MS = 60_000;
const MAX_SCOPES = 100;
/** Enough for a city; a province would search by code or a longer fragment. */
const MAX_CANDIDATES = 5000;

/**
 * Item names per data scope, kept a minute, for typo-tolerant matching without reloading thousands
 * of names on every question. Keyed by scope path, so one scope's names never serve another.
 */
export class ItemNameCache {
  private readonly entries = new Map<string, { at: number; names: Promise<ItemName[]> }>();

  async get(platform: Platform, actor: Actor): Promise<ItemName[]> {
    const now = Date.now();
    const hit = this.entries.get(actor.scopePath);
    if (hit && now - hit.at < TTL_MS) return hit.names;
    const names = listItemNames(platform.db, actor, MAX_CANDIDATES);
    this.entries.set(actor.scopePath, { at: now, names });
    names.catch(() => this.entries.delete(actor.scopePath));
    if (this.entries.size > MAX_SCOPES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return names;
  }
}
