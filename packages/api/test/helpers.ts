import { issueToken } from '@jixiao/db/auth';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '@jixiao/db/testing';
import type { WorkbookLimits } from '@jixiao/forms';
import { type ApiLimits, createApiApp } from '../src/index.ts';

export interface ApiHarness {
  db: TestDatabase;
  city: TestCity;
  tokens: Record<keyof TestCity['actors'], string>;
  call(
    method: string,
    path: string,
    opts?: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string },
  ): Promise<{ status: number; body: any }>;
  /** A raw request (multipart uploads, downloads) with the given actor's token. */
  request(path: string, init: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
  app: ReturnType<typeof createApiApp>;
}

/** An in-process API over a fresh test database with the small test city. */
export async function createApiHarness(
  opts: {
    plugins?: unknown[];
    today?: string;
    limits?: Partial<ApiLimits>;
    workbookLimits?: Partial<WorkbookLimits>;
  } = {},
): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const city = await seedTestCity(db, opts);
  const tokens = {} as Record<keyof TestCity['actors'], string>;
  for (const [name, actor] of Object.entries(city.actors)) {
    tokens[name as keyof TestCity['actors']] = (
      await issueToken(db.db, actor.userId as number, 'test')
    ).token;
  }
  const app = createApiApp({
    platform: city.platform,
    health: async () => ({
      status: 'ok',
      database: {
        kind: db.kind,
        location: db.location,
        migrations: { applied: 1, available: 1, upToDate: true, latest: 'init' },
      },
      plugins: city.registry.list().length,
      uptimeSeconds: 0,
    }),
    limits: opts.limits,
    ...(opts.workbookLimits ? { workbookLimits: opts.workbookLimits } : {}),
  });
  return {
    app,
    db,
    city,
    tokens,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = {};
      const token = opts.token === undefined ? tokens.admin : opts.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (docs page)
      }
      return { status: res.status, body: parsed };
    },
    request(path, { token, ...init }) {
      const headers = new Headers(init.headers);
      const t = token === undefined ? tokens.admin : token;
      if (t) headers.set('authorization', `Bearer ${t}`);
      return Promise.resolve(app.request(path, { ...init, headers }));
    },
    close: () => db.dispose(),
  };
}
