/** The sim's event log: what the chat page shows live (user messages, replies, pushes, cards, to-dos). */

export type SimEventType = 'message' | 'reply' | 'push' | 'card' | 'todo';

export interface SimEvent {
  seq: number;
  time: number;
  type: SimEventType;
  /** userIds who see it; an empty list means nobody in particular. */
  audience: string[];
  data: unknown;
}

type Listener = (event: SimEvent) => void;

export class EventLog {
  private readonly events: SimEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private seq = 0;

  /** Reserves the next sequence number (so that the payload can carry it before it is published). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  publish(seq: number, type: SimEventType, audience: string[], data: unknown): SimEvent {
    const event: SimEvent = { seq, time: Date.now(), type, audience: [...new Set(audience)], data };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  since(after: number, userId?: string): SimEvent[] {
    return this.events.filter((e) => e.seq > after && visibleTo(e, userId));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Events after `after` visible to `userId`; waits up to `timeoutMs` (or until aborted) for the first one. */
  wait(
    after: number,
    userId: string | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<SimEvent[]> {
    const ready = this.since(after, userId);
    if (ready.length > 0 || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const done = (events: SimEvent[]): void => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        resolve(events);
      };
      const onAbort = (): void => done([]);
      const timer = setTimeout(onAbort, timeoutMs);
      const unsubscribe = this.subscribe((event) => {
        if (event.seq > after && visibleTo(event, userId)) done(this.since(after, userId));
      });
      signal?.addEventListener('abort', onAbort);
    });
  }

  lastSeq(): number {
    return this.seq;
  }
}

export function visibleTo(event: SimEvent, userId: string | undefined): boolean {
  return userId === undefined || userId === '' || event.audience.includes(userId);
}
