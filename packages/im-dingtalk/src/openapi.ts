/** Authenticated calls to DingTalk's new-style OpenAPI (api.dingtalk.com) and legacy OpenAPI (oapi.dingtalk.com). */
import { AccessTokenCache, type IssuedToken } from './access-token.ts';
import type { ResolvedDingTalkConfig } from './config.ts';
import {
  type ApiResult,
  classifyFailure,
  type HttpRequest,
  isFailure,
  isRecord,
  type JsonRecord,
  sendRequest,
  stringField,
} from './http.ts';

/** Legacy errcodes meaning "this access_token is not (or no longer) valid". */
const LEGACY_TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export interface OpenApiClient {
  /** A new-style API call with the cached access token (refreshed once on 401 InvalidAuthentication). */
  call(
    method: HttpRequest['method'],
    path: string,
    options?: { body?: unknown; query?: Record<string, string> },
  ): Promise<ApiResult<unknown>>;
  /** A legacy `POST oapi…?access_token=` call (JSON, or FormData as multipart); success means `errcode === 0`. */
  legacy(path: string, body: unknown, query?: Record<string, string>): Promise<ApiResult<JsonRecord>>;
  /** Posts to a robot message's sessionWebhook (no token needed); success means `errcode === 0`. */
  postWebhook(url: string, body: unknown): Promise<ApiResult<JsonRecord>>;
}

function withQuery(url: string, query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return url;
  return `${url}?${new URLSearchParams(query).toString()}`;
}

function legacyResult(status: number, body: unknown, retryAfterHeader: string | null): ApiResult<JsonRecord> {
  if (status >= 200 && status < 300 && isRecord(body) && body.errcode === 0)
    return { ok: true, status, body };
  return classifyFailure({ status, body, retryAfterHeader });
}

export function createOpenApiClient(config: ResolvedDingTalkConfig): OpenApiClient {
  const timeoutMs = config.httpTimeoutMs;

  const issueToken = async (): Promise<ApiResult<IssuedToken>> => {
    const raw = await sendRequest({
      method: 'POST',
      url: `${config.openApiUrl}/v1.0/oauth2/accessToken`,
      body: { appKey: config.clientId, appSecret: config.clientSecret },
      timeoutMs,
    });
    if (isFailure(raw)) return raw;
    const body = isRecord(raw.body) ? raw.body : {};
    const token = stringField(body, 'accessToken');
    if (raw.status >= 200 && raw.status < 300 && token) {
      const expireIn = typeof body.expireIn === 'number' ? body.expireIn : 7200;
      return { ok: true, status: raw.status, body: { token, expiresInSeconds: expireIn } };
    }
    const failure = classifyFailure(raw);
    return { ...failure, message: `获取钉钉 access token 失败：${failure.message}` };
  };

  const tokens = new AccessTokenCache(issueToken);

  const call: OpenApiClient['call'] = async (method, path, options = {}) => {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      if (!token.ok) return token;
      const raw = await sendRequest({
        method,
        url: withQuery(`${config.openApiUrl}${path}`, options.query),
        headers: { 'x-acs-dingtalk-access-token': token.body },
        ...(options.body !== undefined ? { body: options.body } : {}),
        timeoutMs,
      });
      if (isFailure(raw)) return raw;
      if (raw.status >= 200 && raw.status < 300) return { ok: true, status: raw.status, body: raw.body };
      const failure = classifyFailure(raw);
      if ((raw.status === 401 || failure.code === 'InvalidAuthentication') && attempt === 0) {
        tokens.invalidate(token.body);
        continue;
      }
      return failure;
    }
  };

  const legacy: OpenApiClient['legacy'] = async (path, body, query = {}) => {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      if (!token.ok) return token;
      const raw = await sendRequest({
        method: 'POST',
        url: withQuery(`${config.oapiUrl}${path}`, { ...query, access_token: token.body }),
        body,
        timeoutMs,
      });
      if (isFailure(raw)) return raw;
      const result = legacyResult(raw.status, raw.body, raw.retryAfterHeader);
      const errcode = isRecord(raw.body) ? raw.body.errcode : undefined;
      if (!result.ok && typeof errcode === 'number' && LEGACY_TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        tokens.invalidate(token.body);
        continue;
      }
      return result;
    }
  };

  const postWebhook: OpenApiClient['postWebhook'] = async (url, body) => {
    const raw = await sendRequest({ method: 'POST', url, body, timeoutMs });
    if (isFailure(raw)) return raw;
    return legacyResult(raw.status, raw.body, raw.retryAfterHeader);
  };

  return { call, legacy, postWebhook };
}
