/** What the DingTalk adapter needs to know; every URL is configurable so it can talk to the fake DingTalk. */
export interface DingTalkConfig {
  /** AppKey of the enterprise-internal app (also its robotCode for internal apps). */
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** When set, callbacks from another organisation are ignored. */
  corpId?: string;
  /** Stream gateway (default https://api.dingtalk.com/v1.0/gateway/connections/open). */
  gatewayUrl?: string;
  /** New-style OpenAPI host (default https://api.dingtalk.com). */
  openApiUrl?: string;
  /** Legacy OpenAPI host (default https://oapi.dingtalk.com), used to look up unionIds. */
  oapiUrl?: string;
  /** Our public base URL: relative links in replies and to-dos are made absolute with it. */
  publicUrl?: string;
  /** Interactive card template that renders a reply (title, markdown, fields, buttons, status). */
  cardTemplateId?: string;
  /** Timeout of each HTTP call to DingTalk (default 10 s). */
  httpTimeoutMs?: number;
  /** A message claimed longer ago than this is taken over by another worker (default 5 min). */
  processingLeaseMs?: number;
  /**
   * Replies are sent right after they are queued; the outbox worker takes over those not settled within
   * this time (the process died mid-send). Default 60 s: longer than one attempt can take.
   */
  replySendLeaseMs?: number;
  /** Look for messages left behind by crashed processes this often (default 60 s; 0 = only at start). */
  recoverIntervalMs?: number;
  /** Reconnect backoff of the stream: first delay and cap (defaults 1 s and 60 s). */
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** WebSocket ping interval; a socket that misses a pong is replaced (default 30 s; 0 = off). */
  heartbeatIntervalMs?: number;
  /** How long stop() lets in-flight messages finish (default 5 s). */
  stopGraceMs?: number;
}

export interface ResolvedDingTalkConfig {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  corpId: string | undefined;
  gatewayUrl: string;
  openApiUrl: string;
  oapiUrl: string;
  publicUrl: string | undefined;
  cardTemplateId: string;
  httpTimeoutMs: number;
  processingLeaseMs: number;
  replySendLeaseMs: number;
  recoverIntervalMs: number;
  reconnectInitialDelayMs: number;
  reconnectMaxDelayMs: number;
  heartbeatIntervalMs: number;
  stopGraceMs: number;
}

const DEFAULT_GATEWAY_URL = 'https://api.dingtalk.com/v1.0/gateway/connections/open';
const DEFAULT_OPENAPI_URL = 'https://api.dingtalk.com';
const DEFAULT_OAPI_URL = 'https://oapi.dingtalk.com';
const DEFAULT_CARD_TEMPLATE_ID = 'jixiao.reply';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function resolveConfig(config: DingTalkConfig): ResolvedDingTalkConfig {
  for (const key of ['clientId', 'clientSecret', 'robotCode'] as const) {
    if (!config[key]) throw new Error(`钉钉配置缺少 ${key}`);
  }
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    robotCode: config.robotCode,
    corpId: config.corpId,
    gatewayUrl: config.gatewayUrl ?? DEFAULT_GATEWAY_URL,
    openApiUrl: trimSlash(config.openApiUrl ?? DEFAULT_OPENAPI_URL),
    oapiUrl: trimSlash(config.oapiUrl ?? DEFAULT_OAPI_URL),
    publicUrl: config.publicUrl ? trimSlash(config.publicUrl) : undefined,
    cardTemplateId: config.cardTemplateId ?? DEFAULT_CARD_TEMPLATE_ID,
    httpTimeoutMs: config.httpTimeoutMs ?? 10_000,
    processingLeaseMs: config.processingLeaseMs ?? 300_000,
    replySendLeaseMs: config.replySendLeaseMs ?? 60_000,
    recoverIntervalMs: config.recoverIntervalMs ?? 60_000,
    reconnectInitialDelayMs: config.reconnectInitialDelayMs ?? 1000,
    reconnectMaxDelayMs: config.reconnectMaxDelayMs ?? 60_000,
    heartbeatIntervalMs: config.heartbeatIntervalMs ?? 30_000,
    stopGraceMs: config.stopGraceMs ?? 5000,
  };
}

/** Makes a relative link (`/items/12`) absolute with `publicUrl`; other links are returned as they are. */
export function absoluteUrl(config: Pick<ResolvedDingTalkConfig, 'publicUrl'>, url: string): string {
  if (!url.startsWith('/') || url.startsWith('//') || !config.publicUrl) return url;
  return `${config.publicUrl}${url}`;
}
