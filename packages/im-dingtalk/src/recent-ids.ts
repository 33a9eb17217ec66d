/** A bounded set of recently seen ids (frame messageIds), forgotten after `ttlMs`. */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSize: number,
  ) {}

  /** True the first time an id is seen (within the TTL); false for a repeat. */
  add(id: string, now: number = Date.now()): boolean {
    this.prune(now);
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(id, now);
    return true;
  }

  /** Seen within the TTL (without recording it). */
  has(id: string, now: number = Date.now()): boolean {
    const at = this.seen.get(id);
    return at !== undefined && now - at < this.ttlMs;
  }

  private prune(now: number): void {
    for (const [id, at] of this.seen) {
      if (this.seen.size <= this.maxSize && now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
