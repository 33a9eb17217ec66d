import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../errors.ts';

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

const OPEN_BRACKET = 0x5b; // [
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACKET = 0x5d; // ]
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Tracks the nesting depth of JSON text as its bytes arrive, without parsing it. Brackets,
 * quotes and backslashes are ASCII and never occur inside a multi-byte UTF-8 sequence, so bytes
 * are scanned directly; brackets inside strings do not count.
 */
class DepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Scans a chunk; false as soon as the depth exceeds `max`. */
  scan(chunk: Uint8Array, max: number): boolean {
    // An indexed loop over plain comparisons: this runs on every byte of every JSON body.
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.depth++;
        if (this.depth > max) return false;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) this.depth--;
    }
    return true;
  }
}

/** Bodies of declared length up to this are read whole before the scan (bounded work either way). */
const WHOLE_READ_MAX_BYTES = 64 * 1024;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 102.4) / 10}MB` : `${Math.round(n / 102.4) / 10}KB`;
}

/**
 * Reads a request body under bounds before anything parses or walks it: larger than `maxBytes`
 * is answered 413 and deeper than `maxDepth` 400, both as soon as the offending byte arrives
 * (the rest is never read). A body within bounds is handed on as text for the route's validator.
 */
export function bodyGuard(limits: { maxBytes: number; maxDepth: number }): MiddlewareHandler<AppEnv> {
  const tooLarge = `请求体过大（上限 ${formatBytes(limits.maxBytes)}）`;
  const tooDeep = `请求体 JSON 嵌套层数超过上限（${limits.maxDepth} 层），请检查数据结构`;
  return async function bodyGuard(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > limits.maxBytes) {
      return errorResponse(c, 'payload_too_large', tooLarge, { limitBytes: limits.maxBytes });
    }
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const scanner = JSON_MEDIA.test(mediaType) ? new DepthScanner() : null;
    const cache = c.req.bodyCache as Record<string, unknown>;
    if (Number.isSafeInteger(declared) && declared >= 0 && declared <= WHOLE_READ_MAX_BYTES) {
      // A small body of declared length: HTTP/1.1 framing holds it to that length, so it is read
      // whole (on Node without building a web Request and stream: about half the server's CPU for a
      // small call), then scanned. Larger bodies are scanned byte by byte as they arrive. The byte
      // count is checked again in case a transport does not frame by the declared length.
      const bytes = new Uint8Array(await c.req.raw.arrayBuffer());
      if (bytes.byteLength > limits.maxBytes) {
        return errorResponse(c, 'payload_too_large', tooLarge, { limitBytes: limits.maxBytes });
      }
      if (scanner && !scanner.scan(bytes, limits.maxDepth)) {
        return errorResponse(c, 'invalid_input', tooDeep, { in: 'json', limitDepth: limits.maxDepth });
      }
      cache.text = Promise.resolve(new TextDecoder().decode(bytes));
      return next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel().catch(() => {});
        return errorResponse(c, 'payload_too_large', tooLarge, { limitBytes: limits.maxBytes });
      }
      if (scanner && !scanner.scan(value, limits.maxDepth)) {
        await reader.cancel().catch(() => {});
        return errorResponse(c, 'invalid_input', tooDeep, { in: 'json', limitDepth: limits.maxDepth });
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    // Hono's request keeps each body reading as a promise under its kind; the validator's
    // c.req.json() then parses this text instead of the (consumed) stream.
    cache.text = Promise.resolve(new TextDecoder().decode(bytes));
    return next();
  };
}
