import { createHash } from 'node:crypto';
import { svgToPng, yearCharts } from '@jixiao/charts';
import { DomainError, departmentFigures } from '@jixiao/core';
import { type Platform, today } from '@jixiao/db';
import { itemParticipation, PublishedSetsCache, recordFeedback } from '@jixiao/db/publications';
import { type Context, type Env, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { etag } from 'hono/etag';
import { SERVER_LINKS } from './links.ts';
import { openDataCsv, openDataJson } from './open-data.ts';
import { departmentPage, indexPage, itemPage, notFoundPage, searchPage, setPage } from './pages.ts';
import { clientHash, createProofOfWork, POW_SCRIPT } from './pow.ts';

export interface PublicSiteOptions {
  /** Signs proof-of-work challenges and salts client hashes. */
  secret: string;
  /** Leading zero bits a survey answer's proof of work needs (default 14). */
  powBits?: number;
  /** Answers per client per hour (default 5). */
  feedbackPerClientPerHour?: number;
  /** Keep published sets and rendered pages until something is published (default true; false to measure without). */
  cache?: boolean;
  /** The client's address (the server knows its socket; tests may pass their own). */
  clientAddress?: (c: Context) => string;
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

const FLASH: Readonly<Record<string, string>> = {
  ok: '感谢您的参与！您的评价已收到。',
};

/**
 * Mounts the public site (`/public/…`, no login): rendered from published snapshots only, so a draft, a
 * returned version, a version before its date, a raw snapshot or a reviewer's note can never be
 * reached from here. Open data (CSV, JSON) has the same content as the pages.
 */
export function mountPublicSite<E extends Env>(
  host: Hono<E>,
  platform: Platform,
  opts: PublicSiteOptions,
): void {
  host.get('/public', (c) => c.redirect('/public/', 301));
  host.route('/public/', createPublicRoutes(platform, opts) as unknown as Hono<E>);
}

interface StoredPage {
  key: string;
  body: ArrayBuffer;
  headers: Record<string, string>;
}

const MAX_STORED_PAGES = 5000;

/**
 * For pages made from the published sets only (not the item pages, which show live participation):
 * an ETag from the public state's key and the path, Last-Modified from when the newest version became
 * public, 304 when the client has this one, and the rendered page kept until the key moves.
 */
function publishedPages(
  current: () => Promise<{ key: string; lastModified: Date | null }>,
  keep: boolean,
): MiddlewareHandler {
  const stored = new Map<string, StoredPage>();
  let storedKey = '';
  return async (c, next) => {
    const state = await current();
    if (state.key !== storedKey) {
      stored.clear();
      storedKey = state.key;
    }
    const path = c.req.path;
    const tag = `"${createHash('sha256').update(`${state.key}\n${path}`).digest('base64url').slice(0, 27)}"`;
    const validators: Record<string, string> = { etag: tag };
    if (state.lastModified) validators['last-modified'] = state.lastModified.toUTCString();
    const inm = c.req.header('if-none-match');
    const ims = c.req.header('if-modified-since');
    const fresh = inm
      ? inm.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)
      : !!(
          ims &&
          state.lastModified &&
          Math.floor(state.lastModified.getTime() / 1000) <= Date.parse(ims) / 1000
        );
    if (fresh) return c.body(null, 304, validators);
    const hit = stored.get(path);
    if (hit && hit.key === state.key) return c.body(hit.body, 200, { ...hit.headers, ...validators });
    await next();
    if (c.res.status !== 200) return;
    for (const [k, v] of Object.entries(validators)) c.res.headers.set(k, v);
    if (keep && stored.size < MAX_STORED_PAGES) {
      const headers: Record<string, string> = {};
      for (const k of ['content-type', 'content-disposition']) {
        const v = c.res.headers.get(k);
        if (v) headers[k] = v;
      }
      stored.set(path, { key: state.key, body: await c.res.clone().arrayBuffer(), headers });
    }
  };
}

function createPublicRoutes(platform: Platform, opts: PublicSiteOptions): Hono {
  const app = new Hono();
  const pow = createProofOfWork({ secret: opts.secret, bits: opts.powBits ?? 14 });
  const perHour = opts.feedbackPerClientPerHour ?? 5;
  const address = opts.clientAddress ?? socketAddress;
  const links = SERVER_LINKS;

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    if (!c.res.headers.get('cache-control')) c.header('cache-control', 'public, max-age=300');
  });

  const keep = opts.cache !== false;
  const cache = new PublishedSetsCache();
  // Without the cache every request loads the sets again (a fresh cache each time), as before it existed.
  const current = () => (keep ? cache : new PublishedSetsCache()).read(platform.db, today(platform));
  const set = async (slug: string) => (await current()).sets.find((s) => s.slug === slug) ?? null;
  const notFound = (c: Context) => c.html(notFoundPage(links), 404);
  const published = publishedPages(current, keep);

  app.get('/', published, async (c) => c.html(indexPage((await current()).sets, links)));
  app.get('/pow.js', (c) => c.body(POW_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/challenge', (c) => {
    c.header('cache-control', 'no-store');
    return c.json(pow.issue());
  });

  app.get('/:slug/', published, async (c) => {
    const s = await set(c.req.param('slug'));
    return s ? c.html(setPage(s, links)) : notFound(c);
  });
  app.get('/:slug', (c) => c.redirect(`/public/${encodeURIComponent(c.req.param('slug'))}/`, 301));
  app.get('/:slug/departments/:key', published, async (c) => {
    const s = await set(c.req.param('slug'));
    const page = s ? departmentPage(s, c.req.param('key'), links) : null;
    return page ? c.html(page) : notFound(c);
  });
  app.get('/:slug/items/:key', etag(), async (c) => {
    const s = await set(c.req.param('slug'));
    const key = c.req.param('key');
    if (!s) return notFound(c);
    const flash = FLASH[c.req.query('done') ?? ''] ?? null;
    const page = itemPage(s, key, links, await itemParticipation(platform.db, s, key), flash);
    if (flash) c.header('cache-control', 'no-store');
    return page ? c.html(page) : notFound(c);
  });
  app.get('/:slug/search', async (c) => {
    const s = await set(c.req.param('slug'));
    if (!s) return notFound(c);
    c.header('cache-control', 'no-store');
    return c.html(searchPage(s, (c.req.query('q') ?? '').slice(0, 50), links));
  });
  // The year's charts as PNG, for places that show pictures only (DingTalk messages).
  app.get('/:slug/charts/:file{[1-9]\\.png}', published, async (c) => {
    const s = await set(c.req.param('slug'));
    const n = Number(c.req.param('file').slice(0, 1));
    const svg = s ? yearCharts(departmentFigures(s.current.snapshot))[n - 1] : undefined;
    if (!svg) return notFound(c);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 640);
    return c.body(new Uint8Array(svgToPng(svg, width * 2)), 200, { 'content-type': 'image/png' });
  });
  app.get('/:slug/data.json', published, async (c) => {
    const s = await set(c.req.param('slug'));
    return s ? c.json(openDataJson(s)) : notFound(c);
  });
  app.get('/:slug/data.csv', published, async (c) => {
    const s = await set(c.req.param('slug'));
    if (!s) return notFound(c);
    return c.body(openDataCsv(s), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${s.slug}.csv"`,
    });
  });

  const limit = bodyLimit({ maxSize: 8192, onError: (c) => c.text('提交内容过长', 413) });
  app.post('/:slug/items/:key/feedback', limit, async (c) => {
    c.header('cache-control', 'no-store');
    const s = await set(c.req.param('slug'));
    const key = c.req.param('key');
    if (!s) return notFound(c);
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
    const again = async (status: 400 | 409 | 429, message: string) =>
      c.html(
        itemPage(s, key, links, await itemParticipation(platform.db, s, key), message) ?? notFoundPage(links),
        status,
      );
    const check = pow.verify(field('challenge'), field('nonce'));
    if (check !== 'ok') {
      return again(
        400,
        check === 'expired' ? '验证已过期，请重新提交。' : '未通过防刷验证，请刷新页面后重新提交。',
      );
    }
    const sat = field('satisfaction');
    const satisfaction = /^[1-5]$/.test(sat) ? Number(sat) : null;
    try {
      await recordFeedback(
        platform,
        s,
        {
          itemKey: key,
          satisfaction,
          comment: field('comment').slice(0, 500) || null,
          contact: field('contact').slice(0, 60) || null,
          clientHash: clientHash(opts.secret, address(c), today(platform)),
          challenge: field('challenge'),
        },
        { perClientPerHour: perHour },
      );
    } catch (err) {
      if (err instanceof DomainError) {
        if (err.code === 'not_found') return notFound(c);
        return again(err.code === 'conflict' ? 429 : 400, err.message);
      }
      throw err;
    }
    return c.redirect(`${links.item(s.slug, key)}?done=ok#feedback-form`, 303);
  });

  app.notFound(notFound);
  app.onError((err, c) => {
    console.error('[public]', err);
    return c.html(notFoundPage(links), 500);
  });
  return app;
}
