/**
 * Files the app sends (a robot `sampleFile` message): it uploads the bytes first at the legacy
 * POST /media/upload?access_token=…&type=file (multipart/form-data, the file in the `media` part)
 * and gets a `media_id`, then sends `{mediaId, fileName, fileType}` through the robot API.
 */
import { randomBytes } from 'node:crypto';
import { type GuardDeps, guardLegacyApi } from './guard.ts';
import { type RequestContext, type Router, sendJson } from './http.ts';

const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);

export interface StoredMedia {
  mediaId: string;
  type: string;
  fileName: string;
  bytes: Buffer;
}

/** The parts of a multipart/form-data body: name, file name and bytes (bounded by the sim's body limit). */
function multipartParts(
  body: Buffer,
  contentType: string | undefined,
): Array<{ name: string; fileName: string | null; bytes: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const b = boundary?.[1] ?? boundary?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !b) return [];
  const delimiter = Buffer.from(`--${b}`);
  const parts: Array<{ name: string; fileName: string | null; bytes: Buffer }> = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF--boundary
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd >= 0) {
      const head = part.subarray(0, headEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const fileName =
        /filename\*=UTF-8''([^;\r\n]+)/i.exec(head)?.[1] ?? /filename="([^"]*)"/i.exec(head)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          fileName: fileName === undefined ? null : decodeURIComponent(fileName),
          bytes: Buffer.from(part.subarray(headEnd + 4)),
        });
      }
    }
    at = next;
  }
  return parts;
}

export class MediaStore {
  private readonly byId = new Map<string, StoredMedia>();

  get(mediaId: string): StoredMedia | undefined {
    const m = this.byId.get(mediaId);
    return m ? { ...m, bytes: Buffer.from(m.bytes) } : undefined;
  }

  registerRoutes(router: Router, deps: GuardDeps): void {
    router.add('POST', '/media/upload', (ctx: RequestContext) => {
      if (!guardLegacyApi(deps, ctx)) return;
      const type = ctx.query.get('type') ?? '';
      if (!MEDIA_TYPES.has(type)) {
        sendJson(ctx, 200, { errcode: 40004, errmsg: '不合法的媒体文件类型' });
        return;
      }
      const media = multipartParts(ctx.rawBytes, ctx.req.headers['content-type']).find(
        (p) => p.name === 'media',
      );
      if (!media || media.bytes.length === 0) {
        sendJson(ctx, 200, { errcode: 41001, errmsg: '缺少 media 文件' });
        return;
      }
      const mediaId = `@lA${randomBytes(18).toString('base64url')}`;
      this.byId.set(mediaId, { mediaId, type, fileName: media.fileName ?? 'file', bytes: media.bytes });
      sendJson(ctx, 200, {
        errcode: 0,
        errmsg: 'ok',
        type,
        media_id: mediaId,
        created_at: Date.now(),
      });
    });
  }
}
