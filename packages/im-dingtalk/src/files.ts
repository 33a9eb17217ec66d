import type { FileSource } from '@jixiao/bot';
import { isRecord, stringField } from './http.ts';
import type { OpenApiClient } from './openapi.ts';

/**
 * Files and pictures officials send to the robot: the message carries a `downloadCode`, which
 * the app exchanges (access token, robotCode) at POST /v1.0/robot/messageFiles/download for a
 * short-lived `downloadUrl`, then reads the bytes from there — stopping at `maxBytes`.
 */
export function createFileSource(api: OpenApiClient, robotCode: string): FileSource {
  return {
    async download(downloadCode, maxBytes) {
      const res = await api.call('POST', '/v1.0/robot/messageFiles/download', {
        body: { downloadCode, robotCode },
      });
      const url = res.ok && isRecord(res.body) ? stringField(res.body, 'downloadUrl') : undefined;
      if (!url) throw new Error('钉钉未返回文件下载地址');
      const file = await fetch(url);
      if (!file.ok || !file.body) throw new Error(`文件下载失败（${file.status}）`);
      const declared = Number(file.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) throw new Error('文件过大');
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of file.body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new Error('文件过大');
        chunks.push(chunk);
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.byteLength;
      }
      return bytes;
    },
  };
}

/** The downloadCode and name of a `file` or `picture` robot message (null for other types). */
export function fileOfMessage(
  msgtype: string,
  data: unknown,
): { downloadCode: string; fileName: string } | null {
  if (msgtype !== 'file' && msgtype !== 'picture') return null;
  const content = isRecord(data) && isRecord(data.content) ? data.content : undefined;
  const downloadCode = content ? stringField(content, 'downloadCode') : undefined;
  if (!downloadCode) return null;
  const fileName = (content ? stringField(content, 'fileName') : undefined) ?? '图片.jpg';
  return { downloadCode, fileName };
}
