/** Access tokens: `POST /v1.0/oauth2/accessToken`, legacy `GET /gettoken`, and token checks. */
import { z } from 'zod';
import { parseApiBody, type Router, sendApiError, sendJson } from './http.ts';
import { newAccessToken } from './ids.ts';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export class TokenStore {
  private current: { token: string; expiresAt: number } | undefined;
  private readonly issued = new Map<string, number>();
  private requests = 0;

  constructor(private readonly ttlSeconds: number) {}

  /** The same token is returned (and its validity extended) while it is valid, as DingTalk does. */
  issue(now: number = Date.now()): { token: string; expiresIn: number } {
    this.requests += 1;
    const expiresAt = now + this.ttlSeconds * 1000;
    if (!this.current || this.current.expiresAt <= now) {
      this.current = { token: newAccessToken(), expiresAt };
    } else {
      this.current.expiresAt = expiresAt;
    }
    this.issued.set(this.current.token, expiresAt);
    return { token: this.current.token, expiresIn: this.ttlSeconds };
  }

  isValid(token: string | undefined, now: number = Date.now()): boolean {
    if (!token) return false;
    const expiresAt = this.issued.get(token);
    return expiresAt !== undefined && expiresAt > now;
  }

  expireAll(): void {
    this.issued.clear();
    this.current = undefined;
  }

  requestCount(): number {
    return this.requests;
  }
}

const accessTokenBody = z.object({ appKey: z.string(), appSecret: z.string() }).loose();

export function registerAuthRoutes(router: Router, tokens: TokenStore, creds: Credentials): void {
  router.add('POST', '/v1.0/oauth2/accessToken', (ctx) => {
    const body = parseApiBody(ctx, accessTokenBody, 'MissingParameter');
    if (!body) return;
    if (body.appKey !== creds.clientId || body.appSecret !== creds.clientSecret) {
      sendApiError(ctx, 400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      return;
    }
    const { token, expiresIn } = tokens.issue();
    sendJson(ctx, 200, { accessToken: token, expireIn: expiresIn });
  });

  // Legacy oapi.dingtalk.com endpoint (used by dingtalk-stream's getAccessToken()). Legacy APIs answer HTTP 200
  // with an errcode; 40089 "不合法的corpid或corpsecret" is the classic code for bad credentials.
  router.add('GET', '/gettoken', (ctx) => {
    const appkey = ctx.query.get('appkey');
    const appsecret = ctx.query.get('appsecret');
    if (appkey !== creds.clientId || appsecret !== creds.clientSecret) {
      sendJson(ctx, 200, { errcode: 40089, errmsg: '不合法的appkey或appsecret' });
      return;
    }
    const { token, expiresIn } = tokens.issue();
    sendJson(ctx, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn });
  });
}
