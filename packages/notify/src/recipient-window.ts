/**
 * Per-recipient limit: at most `limit` messages to one person in any `windowMs`, on the
 * platform clock. Seeded from the database before each batch (what was sent recently, by any
 * worker), then kept in memory while the batch is sent.
 */
export class RecipientWindow {
  readonly #sent = new Map<number, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  seed(userId: number, times: readonly Date[]): void {
    this.#sent.set(
      userId,
      times.map((t) => t.getTime()).sort((a, b) => a - b),
    );
  }

  #recent(userId: number, now: Date): number[] {
    const from = now.getTime() - this.windowMs;
    const list = (this.#sent.get(userId) ?? []).filter((t) => t > from);
    this.#sent.set(userId, list);
    return list;
  }

  /** Null when a message may go now, otherwise the earliest time it may. */
  blockedUntil(userId: number, now: Date): Date | null {
    const list = this.#recent(userId, now);
    if (list.length < this.limit) return null;
    const oldest = list[list.length - this.limit] ?? now.getTime();
    return new Date(oldest + this.windowMs + 1);
  }

  record(userId: number, now: Date): void {
    this.#recent(userId, now).push(now.getTime());
  }
}
