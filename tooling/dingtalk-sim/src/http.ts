/** A tiny HTTP router with JSON helpers; every answer is written into the request's record. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { newRequestId } from './ids.ts';
import type { RecordedRequest } from './types.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  rawBody: string;
  /** The body's bytes (a multipart upload is binary). */
  rawBytes: Buffer;
  /** Parsed JSON or form body; undefined when empty (and for multipart bodies: see `rawBytes`). */
  body: unknown;
  /** Set when the body was not empty but could not be parsed. */
  bodyError?: string;
  record: RecordedRequest;
}

export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'none' };

export class Router {
  private readonly routes: Route[] = [];

  /** `pattern` is a path with `:name` segments, e.g. `/v1.0/todo/users/:unionId/tasks/:taskId`. */
  add(method: string, pattern: string, handler: RouteHandler): void {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          keys.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
  }

  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { kind: 'found', handler: route.handler, params };
    }
    return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
  }
}

export class BodyTooLargeError extends Error {}

/** The largest media upload (DingTalk: 普通文件 20MB), with room for the multipart framing. */
export const MAX_MEDIA_BODY_BYTES = 20 * 1024 * 1024 + 64 * 1024;

export function readRawBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(raw: string, contentType: string | undefined): { body: unknown; error?: string } {
  if (raw.trim() === '' || contentType?.includes('multipart/form-data')) return { body: undefined };
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
    return { body: out };
  }
  try {
    return { body: JSON.parse(raw) as unknown };
  } catch {
    return { body: raw, error: '请求体不是合法的 JSON' };
  }
}

export function sendJson(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  ctx.record.status = status;
  if (ctx.res.headersSent) return;
  ctx.res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  ctx.res.end(text);
}

export function sendText(ctx: RequestContext, status: number, contentType: string, body: string): void {
  ctx.record.status = status;
  if (ctx.res.headersSent) return;
  ctx.res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  ctx.res.end(body);
}

/** New-style OpenAPI (api.dingtalk.com) error body: `{code, message, requestid}`. */
export function sendApiError(ctx: RequestContext, status: number, code: string, message: string): void {
  sendJson(ctx, status, { code, requestid: newRequestId(), message });
}

/** Parses the body with a schema; on failure answers a new-style 400 error and returns undefined. */
export function parseApiBody<T extends z.ZodType>(
  ctx: RequestContext,
  schema: T,
  code = 'invalidParameter',
): z.infer<T> | undefined {
  if (ctx.bodyError) {
    sendApiError(ctx, 400, code, ctx.bodyError);
    return undefined;
  }
  const result = schema.safeParse(ctx.body ?? {});
  if (!result.success) {
    sendApiError(ctx, 400, code, describeIssues(result.error));
    return undefined;
  }
  return result.data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** An error the programmatic API throws and the /sim/api routes turn into an HTTP status. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}
