import {
  DomainError,
  type DomainErrorCode,
  type FieldIssue,
  UNSTORABLE_TEXT_MESSAGE,
  unstorablePath,
} from '@jixiao/core';
import { isOutOfRange } from '@jixiao/db';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export type ErrorCode =
  | DomainErrorCode
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'
  | 'headers_too_large'
  | 'route_not_found'
  | 'internal';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  malformed_json: 400,
  unauthenticated: 401,
  not_allowed: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  transition_refused: 409,
  payment_blocked: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** The HTTP status an error code is answered with. */
export function errorStatus(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

export function errorResponse(
  c: Context,
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
) {
  return c.json({ code, message, details } satisfies ErrorBody, STATUS[code]);
}

const TARGET_LABEL: Record<string, string> = {
  json: '请求体',
  query: '查询参数',
  param: '路径参数',
  header: '请求头',
};

/** zod issues as field issues; the path names the field as the client sent it. */
function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? ((i as { keys?: string[] }).keys ?? []) : [];
    const base = i.path.map(String).join('.');
    const path = keys.length ? [base, keys.join(',')].filter(Boolean).join('.') : base;
    return { path: path || '(根)', message: i.message };
  });
}

/**
 * OpenAPIHono defaultHook: every validation failure becomes one 400 naming the first field, and
 * so does valid input holding characters the database cannot store.
 */
export function validationHook(
  result: ({ success: true; data: unknown } | { success: false; error: z.ZodError }) & { target: string },
  c: Context,
) {
  const where = TARGET_LABEL[result.target] ?? '';
  if (result.success) {
    const path = unstorablePath(result.data);
    if (path === null) return;
    return errorResponse(c, 'invalid_input', `${where}字段 ${path}：${UNSTORABLE_TEXT_MESSAGE}`, {
      in: result.target,
      issues: [{ path, message: UNSTORABLE_TEXT_MESSAGE }],
    });
  }
  const issues = fieldIssues(result.error);
  const first = issues[0] as FieldIssue;
  return errorResponse(c, 'invalid_input', `${where}字段 ${first.path}：${first.message}`, {
    in: result.target,
    issues,
  });
}

/** app.onError: domain errors to their status; everything else logged and hidden behind a 500. */
export function handleError(err: Error, c: Context) {
  if (err instanceof DomainError) return errorResponse(c, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    if (err.status === 400) return errorResponse(c, 'malformed_json', '请求体不是合法的 JSON');
    if (err.status === 415)
      return errorResponse(c, 'unsupported_media_type', '请求体须为 JSON（Content-Type: application/json）');
    if (err.status === 413) return errorResponse(c, 'payload_too_large', '请求体过大');
    if (err.status === 401) return errorResponse(c, 'unauthenticated', err.message || '未登录');
  }
  if (isOutOfRange(err)) {
    // A well-formed number no record can have (an id past the column's range): nothing was written.
    return errorResponse(c, 'invalid_input', '请求中的编号或数值超出系统可保存的范围', {});
  }
  const requestId = c.get('requestId' as never) as string | undefined;
  console.error(`[api] ${requestId ?? '-'} ${c.req.method} ${c.req.path}`, err);
  return errorResponse(c, 'internal', '服务器内部错误，请稍后重试；如持续出现请联系管理员', {
    requestId: requestId ?? null,
  });
}
