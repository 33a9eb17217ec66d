/**
 * Files and pictures officials send to the robot. DingTalk puts a `downloadCode` in the message
 * (`content: {downloadCode, fileName}`; a picture has only the code); the app exchanges it, with
 * its access token and robotCode, at POST /v1.0/robot/messageFiles/download for a short-lived
 * `downloadUrl`, then GETs the bytes from there.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type GuardDeps, guardOpenApi } from './guard.ts';
import { parseApiBody, type Router, sendApiError, sendJson } from './http.ts';

/** How long a downloadCode and a downloadUrl stay valid (DingTalk's are short-lived). */
const CODE_TTL_MS = 60 * 60_000;
const URL_TTL_MS = 5 * 60_000;

interface StoredFile {
  bytes: Buffer;
  fileName: string;
  expiresAt: number;
}

export class FileStore {
  private readonly byCode = new Map<string, StoredFile>();
  private readonly byUrlToken = new Map<string, { code: string; expiresAt: number }>();

  /** Keeps the bytes an official sends and returns the message's downloadCode. */
  add(bytes: Buffer, fileName: string): string {
    const code = `dc_${randomBytes(18).toString('base64url')}`;
    this.byCode.set(code, { bytes, fileName, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  registerRoutes(router: Router, deps: GuardDeps & { robotCode: string; baseUrl: () => string }): void {
    const body = z.object({ downloadCode: z.string().min(1), robotCode: z.string() }).loose();
    router.add('POST', '/v1.0/robot/messageFiles/download', async (ctx) => {
      if (!guardOpenApi(deps, ctx, { qpsApi: 'robot.messageFiles.download' })) return;
      const b = parseApiBody(ctx, body);
      if (!b) return;
      if (b.robotCode !== deps.robotCode) {
        sendApiError(ctx, 400, 'invalidParameter.robotCode.notExsit', 'robotCode 不存在');
        return;
      }
      const file = this.byCode.get(b.downloadCode);
      if (!file || file.expiresAt < Date.now()) {
        sendApiError(ctx, 400, 'invalidParameter.downloadCode', 'downloadCode 无效或已过期');
        return;
      }
      const token = randomBytes(18).toString('base64url');
      this.byUrlToken.set(token, { code: b.downloadCode, expiresAt: Date.now() + URL_TTL_MS });
      sendJson(ctx, 200, { downloadUrl: `${deps.baseUrl()}/sim-files/${token}` });
    });
    router.add('GET', '/sim-files/:token', (ctx) => {
      const entry = this.byUrlToken.get(ctx.params.token ?? '');
      const file = entry && entry.expiresAt >= Date.now() ? this.byCode.get(entry.code) : undefined;
      if (!file) {
        ctx.res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        ctx.res.end('文件链接无效或已过期');
        return;
      }
      ctx.res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(file.bytes.length),
      });
      ctx.res.end(file.bytes);
    });
  }
}
