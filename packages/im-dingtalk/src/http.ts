/**
 * HTTP to DingTalk with Node's fetch, a timeout on every call, and one classification of failures
 * (retryable or not, and when to retry) shared by every API.
 */

export interface ApiSuccess<T> {
  ok: true;
  status: number;
  body: T;
}

export interface ApiFailure {
  ok: false;
  /** HTTP status; 0 for a network error or timeout. */
  status: number;
  /** DingTalk's error code (`system.error`, `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi`, a legacy errcode…). */
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringField(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

export interface RawResponse {
  status: number;
  body: unknown;
  retryAfterHeader: string | null;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** JSON, or a FormData sent as multipart/form-data. */
  body?: unknown;
  timeoutMs: number;
}

/** One HTTP exchange; network errors and timeouts come back as an `ApiFailure`, never as a throw. */
export async function sendRequest(request: HttpRequest): Promise<RawResponse | ApiFailure> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        Accept: 'application/json',
        // A multipart body (media upload) sets its own Content-Type with the boundary.
        ...(request.body !== undefined && !(request.body instanceof FormData)
          ? { 'Content-Type': 'application/json' }
          : {}),
        ...request.headers,
      },
      ...(request.body instanceof FormData
        ? { body: request.body }
        : request.body !== undefined
          ? { body: JSON.stringify(request.body) }
          : {}),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      status: 0,
      code: timedOut ? 'timeout' : 'network',
      message: timedOut
        ? `请求超时（${request.timeoutMs} 毫秒）`
        : `网络错误：${describeNetworkError(error)}`,
      retryable: true,
    };
  }
  let text = '';
  try {
    text = await response.text();
  } catch (error) {
    return {
      ok: false,
      status: response.status,
      code: 'network',
      message: `读取响应失败：${describeNetworkError(error)}`,
      retryable: true,
    };
  }
  let body: unknown = text;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { status: response.status, body, retryAfterHeader: response.headers.get('retry-after') };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return `${error.message}（${cause.message}）`;
  return error.message;
}

export function isFailure(value: RawResponse | ApiFailure): value is ApiFailure {
  return 'ok' in value && value.ok === false;
}

const QPS_RETRY_MS = 1000;
const SEND_THROTTLE_RETRY_MS = 5000;
const MONTHLY_QUOTA_RETRY_MS = 3_600_000;

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** How long to wait before retrying a throttled call, or undefined when the error is not throttling. */
function throttleDelayMs(code: string, message: string): number | undefined {
  const text = `${code} ${message}`;
  if (/ApiCountLimit/i.test(text)) return MONTHLY_QUOTA_RETRY_MS;
  if (/QpsLimit|^90018$|^90002$/i.test(code) || /QpsLimit/i.test(message)) return QPS_RETRY_MS;
  if (
    /send\.too\.fast|send\.byToken\.tooFast|too\.many\.(group|people)|flowControl|tooFast|^410100$/i.test(
      text,
    )
  )
    return SEND_THROTTLE_RETRY_MS;
  return undefined;
}

/** Classifies a non-successful answer of a new-style (api.dingtalk.com) or legacy (oapi) API. */
export function classifyFailure(raw: RawResponse): ApiFailure {
  const body = isRecord(raw.body) ? raw.body : {};
  const errcode = body.errcode;
  const code =
    stringField(body, 'code') ??
    (typeof errcode === 'number' && errcode !== 0 ? String(errcode) : undefined) ??
    `HTTP ${raw.status}`;
  const message =
    stringField(body, 'message') ??
    stringField(body, 'errmsg') ??
    (typeof raw.body === 'string' ? raw.body.slice(0, 200) : '');
  const base = { ok: false as const, status: raw.status, code, message };

  // Egress-IP blocking answers `{"status":1111,"wait":5,...}` (wait in minutes) or an HTML page.
  if (body.status === 1111) {
    const wait = typeof body.wait === 'number' ? body.wait : 5;
    return { ...base, code: 'ip.blocked', retryable: true, retryAfterMs: wait * 60_000 };
  }
  const throttle = throttleDelayMs(code, message);
  if (throttle !== undefined || raw.status === 429) {
    return {
      ...base,
      retryable: true,
      retryAfterMs: parseRetryAfter(raw.retryAfterHeader) ?? throttle ?? QPS_RETRY_MS,
    };
  }
  if (
    raw.status >= 500 ||
    raw.status === 408 ||
    code === 'system.error' ||
    code === '-1' ||
    /lockError|ServiceUnavailable|Throttling/i.test(code)
  ) {
    return { ...base, retryable: true };
  }
  if (raw.status === 401 || code === 'InvalidAuthentication') return { ...base, retryable: true };
  return { ...base, retryable: false };
}

export function failureText(failure: ApiFailure): string {
  const status = failure.status > 0 ? `HTTP ${failure.status} ` : '';
  return `${status}${failure.code}${failure.message ? `：${failure.message}` : ''}`;
}
