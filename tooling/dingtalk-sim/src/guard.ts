/**
 * The checks every authenticated new-style OpenAPI call goes through, in this order:
 * access token → injected throttling (`throttleRate`) → real QPS limit (only for the send and to-do APIs)
 * → injected server errors (`openApiErrorRate`).
 */
import type { TokenStore } from './auth.ts';
import type { Faults } from './faults.ts';
import { type RequestContext, sendApiError, sendJson } from './http.ts';

const QPS_LIMIT_CODE = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';
const QPS_LIMIT_MESSAGE = '应用调用该接口的频率超过了限制（QPS），请稍后重试';

export interface GuardDeps {
  tokens: TokenStore;
  faults: Faults;
}

export interface GuardOptions {
  /** Name of the API for the per-app per-API QPS limit; omit for APIs without the limit. */
  qpsApi?: string;
}

/** Returns true when the call may proceed; otherwise the error has been answered. */
export function guardOpenApi(deps: GuardDeps, ctx: RequestContext, options: GuardOptions = {}): boolean {
  const token = ctx.req.headers['x-acs-dingtalk-access-token'];
  if (!deps.tokens.isValid(typeof token === 'string' ? token : undefined)) {
    sendApiError(ctx, 401, 'InvalidAuthentication', '不合法的access_token');
    return false;
  }
  if (deps.faults.throttled()) {
    sendApiError(ctx, 403, QPS_LIMIT_CODE, QPS_LIMIT_MESSAGE);
    return false;
  }
  if (options.qpsApi && !deps.faults.allowCall(options.qpsApi)) {
    sendApiError(ctx, 403, QPS_LIMIT_CODE, QPS_LIMIT_MESSAGE);
    return false;
  }
  if (deps.faults.openApiError()) {
    sendApiError(ctx, 500, 'system.error', '系统错误，请稍后重试');
    return false;
  }
  return true;
}

/** Legacy oapi check (`?access_token=`): 40014 is DingTalk's classic "不合法的access_token" errcode. */
export function guardLegacyApi(deps: GuardDeps, ctx: RequestContext): boolean {
  if (deps.tokens.isValid(ctx.query.get('access_token') ?? undefined)) return true;
  sendJson(ctx, 200, { errcode: 40014, errmsg: '不合法的access_token' });
  return false;
}
