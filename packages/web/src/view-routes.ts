import { DomainError, NotFoundError } from '@jixiao/core';
import { type Actor, loadActor, type Platform } from '@jixiao/db';
import { readAttachment } from '@jixiao/db/attachments';
import { evaluationReportContent } from '@jixiao/db/evaluations';
import { buildEvaluationReport } from '@jixiao/forms';
import { Hono } from 'hono';
import { evaluationPage } from './pages/evaluation.ts';
import { itemPage } from './pages/item.ts';
import { type Html, messagePage } from './pages/layout.ts';
import { selfEvaluationPage } from './pages/self-evaluation.ts';
import { taskPage } from './pages/task.ts';
import { warningPage } from './pages/warning.ts';
import type { LinkSigner } from './signed-links.ts';

type PageOf = (platform: Platform, actor: Actor, links: LinkSigner, id: number) => Promise<Html>;

/** A file a signed link downloads (e.g. an export the server's API makes), read as the link's user. */
export type ViewFile = (
  platform: Platform,
  actor: Actor,
  id: number,
) => Promise<{ bytes: Uint8Array; fileName: string; contentType: string }>;

const PAGES: Readonly<Record<string, PageOf>> = {
  tasks: taskPage,
  warnings: warningPage,
  items: itemPage,
  evaluations: evaluationPage,
  'self-evaluations': selfEvaluationPage,
};

const NOT_FOUND = () => messagePage('内容不存在', '该内容不存在，或不在您的查看范围内。');

/**
 * Pages behind signed links (`/view/…`), for people who tap a link in DingTalk: each is checked
 * against its signature and expiry, then rendered as the user it was signed for, in their scope.
 * Every answer is a page a person can read, never JSON.
 */
export function createViewRoutes(
  platform: Platform,
  links: LinkSigner,
  files: Readonly<Record<string, ViewFile>> = {},
): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'private, no-store');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });

  async function viewer(path: string, query: Record<string, string>): Promise<Actor | 'invalid' | 'expired'> {
    const check = links.verify(path, query);
    if (!check.ok) return check.reason;
    return (await loadActor(platform.db, check.userId)) ?? 'invalid';
  }

  const refused = (reason: 'invalid' | 'expired') =>
    reason === 'expired'
      ? messagePage('链接已过期', '此链接已过有效期。请回到钉钉，在最新的消息或待办中重新打开。')
      : messagePage('链接无效', '此链接不完整或已被改动，无法打开。请回到钉钉重新打开。');

  app.get('/attachments/:id{[1-9][0-9]{0,9}}', async (c) => {
    const who = await viewer(c.req.path, c.req.query());
    if (typeof who === 'string') return c.html(refused(who), who === 'expired' ? 410 : 403);
    try {
      const { attachment, bytes } = await readAttachment(platform.db, who, Number(c.req.param('id')));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': attachment.mimeType,
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      });
    } catch (err) {
      if (err instanceof NotFoundError) return c.html(NOT_FOUND(), 404);
      throw err;
    }
  });

  // 绩效评价报告 (Word), for whoever may open the evaluation, once the report is written.
  app.get('/evaluations/:id{[1-9][0-9]{0,9}}/report', async (c) => {
    const who = await viewer(c.req.path, c.req.query());
    if (typeof who === 'string') return c.html(refused(who), who === 'expired' ? 410 : 403);
    try {
      const r = await evaluationReportContent(platform.db, platform, who, Number(c.req.param('id')));
      const file = await buildEvaluationReport(r.content);
      return c.body(new Uint8Array(file), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return c.html(NOT_FOUND(), 404);
      if (err instanceof DomainError) return c.html(messagePage('报告尚未生成', err.message), 409);
      throw err;
    }
  });

  // `/view/files/<kind>/<id>`: downloads the server registered (the official assessment export).
  app.get('/files/:kind{[a-z-]{1,40}}/:id{[1-9][0-9]{0,9}}', async (c) => {
    const who = await viewer(c.req.path, c.req.query());
    if (typeof who === 'string') return c.html(refused(who), who === 'expired' ? 410 : 403);
    const file = Object.hasOwn(files, c.req.param('kind')) ? files[c.req.param('kind')] : undefined;
    if (!file) return c.html(NOT_FOUND(), 404);
    try {
      const f = await file(platform, who, Number(c.req.param('id')));
      return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': f.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'not_found' || err.code === 'not_allowed'))
        return c.html(NOT_FOUND(), 404);
      throw err;
    }
  });

  app.get('/:kind{tasks|warnings|items|self-evaluations|evaluations}/:id{[1-9][0-9]{0,9}}', async (c) => {
    const who = await viewer(c.req.path, c.req.query());
    if (typeof who === 'string') return c.html(refused(who), who === 'expired' ? 410 : 403);
    const render = PAGES[c.req.param('kind')] as PageOf;
    try {
      return c.html(await render(platform, who, links, Number(c.req.param('id'))));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return c.html(NOT_FOUND(), 404);
      throw err;
    }
  });

  app.notFound((c) => c.html(NOT_FOUND(), 404));
  app.onError((err, c) => {
    console.error('[view]', err);
    return c.html(messagePage('页面暂时无法打开', '服务器处理出错，请稍后再试。'), 500);
  });
  return app;
}
