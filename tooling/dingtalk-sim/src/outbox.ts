/** Proactive messages, group sends, cards and to-dos received, per official; each is also a live event. */
import type { EventLog } from './events.ts';
import type { RecordedPush } from './types.ts';

export class Outbox {
  private readonly pushes: RecordedPush[] = [];

  constructor(private readonly events: EventLog) {}

  add(push: Omit<RecordedPush, 'seq' | 'time'>): RecordedPush {
    const seq = this.events.nextSeq();
    const full: RecordedPush = { seq, time: Date.now(), ...push };
    this.pushes.push(full);
    this.events.publish(seq, 'push', full.userIds, structuredClone(full));
    return full;
  }

  list(userId?: string): RecordedPush[] {
    return structuredClone(userId ? this.pushes.filter((p) => p.userIds.includes(userId)) : this.pushes);
  }
}
