/**
 * Files and pictures officials send to the robot. DingTalk puts a `downloadCode` in the message
 * (`content: {downloadCode, fileName}`; a picture has only the code); the app exchanges it, with
 * its access token and robotCode, at POST /v1.0/robot/messageFiles/download for a short-lived
 * `downloadUrl`, then GETs the bytes from there.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type GuardDeps, guardLegacyApi, guardOpenApi } from './guard.ts';
import { parseApiBody, type Router, sendApiError, sendJson } from './http.ts';

/** How long a downloadCode and a downloadUrl stay valid (DingTalk's are short-lived). */
const CODE_TTL_MS = 60 * 60_000;
const URL_TTL_MS = 5 * 60_000;

interface StoredFile {
  bytes: Buffer;
  fileName: string;
  expiresAt: number;
}

/** Media types /media/upload accepts, with DingTalk's size limits (image 20MB, voice 2MB, video 20MB, file 20MB). */
const MEDIA_LIMITS: Record<string, number> = {
  image: 20 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 20 * 1024 * 1024,
  file: 20 * 1024 * 1024,
};

export class FileStore {
  private readonly byCode = new Map<string, StoredFile>();
  private readonly uploads = new Map<string, { fileName: string; type: string; bytes: Buffer }>();

  /** A file the app uploaded, by media id. */
  media(mediaId: string): { fileName: string; type: string; bytes: Buffer } | null {
    return this.uploads.get(mediaId) ?? null;
  }
  private readonly byUrlToken = new Map<string, { code: string; expiresAt: number }>();

  /** Keeps the bytes an official sends and returns the message's downloadCode. */
  add(bytes: Buffer, fileName: string): string {
    const code = `dc_${randomBytes(18).toString('base64url')}`;
    this.byCode.set(code, { bytes, fileName, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  registerRoutes(router: Router, deps: GuardDeps & { robotCode: string; baseUrl: () => string }): void {
    // Legacy media upload: multipart/form-data with the file in field `media`, `type` in the query.
    // 40035 = missing parameter, 40004 = bad media type, 40006 = bad file size (legacy errcodes).
    router.add('POST', '/media/upload', async (ctx) => {
      if (!guardLegacyApi(deps, ctx)) return;
      const type = ctx.query.get('type') ?? '';
      const limit = MEDIA_LIMITS[type];
      if (limit === undefined) {
        sendJson(ctx, 200, { errcode: 40004, errmsg: '不合法的媒体文件类型' });
        return;
      }
      const contentType = ctx.req.headers['content-type'] ?? '';
      let media: File | string | null = null;
      if (contentType.includes('multipart/form-data')) {
        try {
          const form = await new Request('http://sim/upload', {
            method: 'POST',
            headers: { 'content-type': contentType },
            body: new Uint8Array(ctx.rawBytes),
          }).formData();
          media = form.get('media');
        } catch {
          media = null;
        }
      }
      if (!media || typeof media === 'string') {
        sendJson(ctx, 200, { errcode: 40035, errmsg: '缺少参数 media' });
        return;
      }
      const bytes = Buffer.from(await media.arrayBuffer());
      if (bytes.length === 0 || bytes.length > limit) {
        sendJson(ctx, 200, { errcode: 40006, errmsg: '不合法的文件大小' });
        return;
      }
      const mediaId = `@lA${randomBytes(18).toString('base64url')}`;
      this.uploads.set(mediaId, { fileName: media.name, type, bytes });
      sendJson(ctx, 200, {
        errcode: 0,
        errmsg: 'ok',
        type,
        media_id: mediaId,
        created_at: Date.now(),
      });
    });
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
