import type { ApiResult } from './http.ts';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/** Refresh this long before the token expires (DingTalk tokens live 2 h). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Caches the app access token until shortly before it expires. Concurrent callers share one refresh;
 * `invalidate` drops a token DingTalk refused so that the next `get` fetches a new one.
 */
export class AccessTokenCache {
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<ApiResult<string>> | undefined;

  constructor(
    private readonly issue: () => Promise<ApiResult<IssuedToken>>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<ApiResult<string>> {
    if (this.cached && this.now() < this.cached.refreshAt) {
      return Promise.resolve({ ok: true, status: 200, body: this.cached.token });
    }
    if (!this.inflight) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async refresh(): Promise<ApiResult<string>> {
    const issued = await this.issue();
    if (!issued.ok) return issued;
    const lifetimeMs = Math.max(0, issued.body.expiresInSeconds * 1000);
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    this.cached = { token: issued.body.token, refreshAt: this.now() + lifetimeMs - margin };
    return { ok: true, status: issued.status, body: issued.body.token };
  }
}
