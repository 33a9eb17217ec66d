import { RateLimiter } from '@jixiao/core';
import type { OutboundReply } from './engine-types.ts';

/**
 * Messages (and button presses) per sender: beyond `perMinute` they are dropped before any
 * database work, so one sender flooding the bot cannot slow it for everyone else. The sender is
 * told once, privately, until a message of theirs gets through again.
 */
export class SenderThrottle {
  private readonly limiter: RateLimiter;
  private readonly told = new Set<string>();

  constructor(
    readonly perMinute: number,
    now?: () => number,
  ) {
    this.limiter = new RateLimiter(perMinute, now);
  }

  /** Null when the sender may go on; else what to answer (nothing after the first notice). */
  refuse(sender: unknown): OutboundReply[] | null {
    if (this.perMinute <= 0 || typeof sender !== 'string' || !sender) return null;
    const wait = this.limiter.take(sender);
    if (wait === null) {
      this.told.delete(sender);
      return null;
    }
    if (this.told.has(sender)) return [];
    if (this.told.size >= 10_000) this.told.clear();
    this.told.add(sender);
    return [
      {
        audience: 'private',
        reply: {
          title: '消息过于频繁',
          markdown: `您发送消息过于频繁（每分钟最多 ${this.perMinute} 条），请 ${wait} 秒后再试。在此之前的消息不会处理。`,
        },
      },
    ];
  }
}
