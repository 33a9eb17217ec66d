/** Fault injection: seeded error/throttle rates, flow control, dropped acks and the real per-API QPS limit. */
import { z } from 'zod';
import type { FaultConfig } from './types.ts';

const DEFAULT_SEED = 20240601;
const DEFAULT_QPS_LIMIT = 20;
const QPS_WINDOW_MS = 1000;

const rate = z.number().min(0).max(1);

export const faultConfigSchema = z
  .object({
    openApiErrorRate: rate.optional(),
    throttleRate: rate.optional(),
    flowControlUserIds: z.array(z.string()).optional(),
    sessionWebhookErrorRate: rate.optional(),
    seed: z.number().int().optional(),
    dropNextAck: z.boolean().optional(),
    qpsLimit: z.number().int().min(0).optional(),
  })
  .strict();

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private config: FaultConfig = {};
  private random: () => number = mulberry32(DEFAULT_SEED);
  private readonly windows = new Map<string, number[]>();

  /** Replaces the whole configuration (`{}` clears every fault) and reseeds the PRNG. */
  set(config: FaultConfig): void {
    const parsed = faultConfigSchema.parse(config);
    this.config = {
      ...parsed,
      ...(parsed.flowControlUserIds ? { flowControlUserIds: [...parsed.flowControlUserIds] } : {}),
    };
    this.random = mulberry32(parsed.seed ?? DEFAULT_SEED);
    this.windows.clear();
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  private roll(probability: number | undefined): boolean {
    if (probability === undefined || probability <= 0) return false;
    return this.random() < probability;
  }

  openApiError(): boolean {
    return this.roll(this.config.openApiErrorRate);
  }

  throttled(): boolean {
    return this.roll(this.config.throttleRate);
  }

  sessionWebhookError(): boolean {
    return this.roll(this.config.sessionWebhookErrorRate);
  }

  isFlowControlled(userId: string): boolean {
    return this.config.flowControlUserIds?.includes(userId) ?? false;
  }

  /** True (once) when the next ack must be ignored. */
  consumeDropNextAck(): boolean {
    if (!this.config.dropNextAck) return false;
    this.config.dropNextAck = false;
    return true;
  }

  /** Sliding 1 s window per API: admits the call (and counts it) unless the limit is reached. */
  allowCall(api: string, now: number = Date.now()): boolean {
    const limit = this.config.qpsLimit ?? DEFAULT_QPS_LIMIT;
    if (limit === 0) return true;
    const recent = (this.windows.get(api) ?? []).filter((t) => now - t < QPS_WINDOW_MS);
    if (recent.length >= limit) {
      this.windows.set(api, recent);
      return false;
    }
    recent.push(now);
    this.windows.set(api, recent);
    return true;
  }
}
