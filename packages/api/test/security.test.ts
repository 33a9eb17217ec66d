import { queryRows } from '@jixiao/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ROUTE_PERMISSIONS } from '../src/index.ts';
import { type ApiHarness, createApiHarness } from './helpers.ts';

// The probe's attacks on the HTTP layer, repeated: deeply nested JSON (a 500 and a stalled server
// before), bodies read before authorisation, oversized bodies, ids in other notations, sweeps of
// any date, callers hammering the API.

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ limits: { maxBodyBytes: 512 * 1024, perTokenPerMinute: 0 } });
});
afterAll(async () => {
  await h?.close();
});

const nested = (depth: number, leaf: unknown = 1): string =>
  `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`;

/** A request body that arrives in chunks under the test's control and never ends. */
function trickle(chunks: string[]) {
  const state = { pulls: 0, cancelled: false };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        state.pulls++;
        if (state.pulls > 1) await gate; // everything after the first chunk waits for release()
        const next = chunks[state.pulls - 1];
        if (next !== undefined) controller.enqueue(encoder.encode(next));
        else await new Promise(() => {}); // the sender never finishes
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state, release };
}

function post(path: string, token: string, body: ReadableStream<Uint8Array> | string): Promise<Response> {
  return h.app.request(
    new Request(`http://localhost${API_PREFIX}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit),
  ) as Promise<Response>;
}

/** Write routes whose permission depends on the data or the caller, decided by the service alone. */
const SERVICE_DECIDES: Record<string, string> = {
  'POST /notices/acknowledge': 'anyone signs for their own notices',
  'POST /self-evaluations/check': 'a stateless check that writes nothing',
  'POST /items/{id}/actions/{action}': 'each lifecycle action has its own role and guard',
  'POST /assessments':
    'the department (assessments.write) or the bureau commissioning an institution (assessments.review)',
  'POST /self-evaluations/{id}/return': 'the department returns a submitted one, the bureau a confirmed one',
  'POST /department-self-evaluations/{id}/return':
    'the department returns a submitted one, the bureau a confirmed one',
  'DELETE /tokens/{id}': 'a user revokes their own; tokens.manage revokes others',
  'PUT /evaluations/{id}/indicators': 'the bureau or the commissioned institution’s staff (by membership)',
  'POST /evaluations/{id}/start': 'the bureau or the commissioned institution’s staff (by membership)',
  'POST /evaluations/{id}/report': 'the bureau or the commissioned institution’s staff (by membership)',
  'POST /evaluations/{id}/methods': 'the bureau or the commissioned institution’s staff (by membership)',
};

describe('deeply nested JSON', () => {
  it('is refused in Chinese with 400, in attributes and in import rows, and nothing is written', async () => {
    const items = await queryRows<{ n: number }>(h.db.db, sql`select count(*)::int as n from budget_items`);
    const attributes = await h.call('POST', `${API_PREFIX}/items`, {
      token: h.tokens.officerA,
      rawBody: `{"code":"DEEP-1","attributes":{"a":${nested(5000)}}}`,
    });
    expect(attributes.status).toBe(400);
    expect(attributes.body).toMatchObject({ code: 'invalid_input', details: { limitDepth: 32 } });
    expect(attributes.body.message).toContain('嵌套层数超过上限');
    const rows = Array.from({ length: 40 }, () => nested(3000, { code: 'X' })).join(',');
    const imported = await h.call('POST', `${API_PREFIX}/import`, {
      token: h.tokens.officerA,
      rawBody: `{"items":[${rows}]}`,
    });
    expect(imported.status).toBe(400);
    expect(imported.body.message).toContain('嵌套层数超过上限');
    const after = await queryRows<{ n: number }>(h.db.db, sql`select count(*)::int as n from budget_items`);
    expect(after).toEqual(items);
  });

  it('from a caller without the permission is refused before a byte of the body is read', async () => {
    const body = trickle([`{"items":[${nested(3000)}`]);
    const res = await post('/import', h.tokens.unitA1, body.stream);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('批量导入');
    expect(body.state.pulls).toBe(0);
  });

  it('is refused as soon as it gets too deep, without waiting for the rest; /health answers meanwhile', async () => {
    const body = trickle(['{"items":[', `${'['.repeat(100)}`]);
    const hostile = post('/import', h.tokens.officerA, body.stream);
    let hostileDone = false;
    void hostile.then(() => {
      hostileDone = true;
    });
    // The hostile request is open (its body half sent): the server still answers others.
    const health = await h.app.request('/health');
    expect(health.status).toBe(200);
    expect(hostileDone).toBe(false);
    body.release(); // the deep part arrives; the body itself never ends
    const res = await hostile;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('嵌套层数超过上限');
    expect(body.state.cancelled).toBe(true);
  });

  it('is refused as well when the length is declared (the body is then read whole, without a stream)', async () => {
    const call = (body: string) =>
      h.app.request(`${API_PREFIX}/self-evaluations/check`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.tokens.officerA}`,
          'content-type': 'application/json',
          'content-length': String(new TextEncoder().encode(body).byteLength),
        },
        body,
      });
    const deep = await call(`{"budget":{},"indicators":${nested(100)}}`);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { message: string }).message).toContain('嵌套层数超过上限');
    const table = { budget: { adjusted: 100, executed: 90, weight: 10 }, indicators: [] };
    const ok = await call(JSON.stringify(table));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { budget: unknown }).budget).toEqual({ rate: 0.9, score: 9 });
  });

  it('nests as deep as a real import row needs', async () => {
    const res = await h.call('POST', `${API_PREFIX}/import`, {
      token: h.tokens.officerA,
      rawBody: JSON.stringify({ items: [{ code: 'OK-1', attributes: { a: { b: { c: [[{ d: 1 }]] } } } }] }),
    });
    expect(res.status).toBe(400); // refused for its content (no such fund type …), not for its shape
    expect(res.body.message).not.toContain('嵌套');
  });
});

describe('oversized bodies', () => {
  it('are refused with 413 in the error envelope, declared or streamed', async () => {
    const declared = await h.call('POST', `${API_PREFIX}/import`, {
      token: h.tokens.officerA,
      rawBody: JSON.stringify({ items: [{ description: 'x'.repeat(520 * 1024) }] }),
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ code: 'payload_too_large', message: '请求体过大（上限 512KB）' });
    const body = trickle(['{"items":[{"description":"', 'x'.repeat(520 * 1024)]);
    const streamed = post('/import', h.tokens.officerA, body.stream);
    body.release();
    const res = await streamed;
    expect(res.status).toBe(413);
    expect(body.state.cancelled).toBe(true);
  });
});

describe('ids in the path and query', () => {
  it('are plain decimal: hex, padded, spaced, signed or exponent forms are refused with 400', async () => {
    for (const id of ['0x1F', '%201', '00001', '1e3', '-1', '+1', '1.0', '0', '99999999999999999']) {
      const res = await h.call('GET', `${API_PREFIX}/items/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.message, id).toContain('编号必须是');
    }
    const query = await h.call('GET', `${API_PREFIX}/warnings?orgUnitId=0x1`);
    expect(query.status).toBe(400);
    expect((await h.call('GET', `${API_PREFIX}/items/1`)).status).toBe(404);
  });

  it('past what an id column holds are a 400 in Chinese, not a server error', async () => {
    const res = await h.call('GET', `${API_PREFIX}/items/3000000000`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('超出系统可保存的范围');
  });
});

describe('monitoring runs started through the API', () => {
  it('refuse dates outside the current fiscal year or not real, in Chinese', async () => {
    for (const asOf of ['1900-01-01', '0000-01-01', '2099-12-31']) {
      const res = await h.call('POST', `${API_PREFIX}/monitoring/runs`, { body: { asOf } });
      expect(res.status, asOf).toBe(400);
      expect(res.body.message, asOf).toMatch(/监控日期/);
    }
    const backdated = await h.call('POST', `${API_PREFIX}/monitoring/runs`, {
      body: { asOf: '2025-12-31', backdate: { reason: '补做上年度末监控' } },
    });
    expect(backdated.status).toBe(200);
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After per token, leaving other tokens alone', async () => {
    const limited = await createApiHarness({ limits: { perTokenPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.call('GET', `${API_PREFIX}/me`)).status).toBe(200);
      const res = await limited.app.request(`${API_PREFIX}/me`, {
        headers: { authorization: `Bearer ${limited.tokens.admin}` },
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ code: 'rate_limited', details: { limitPerMinute: 3 } });
      expect((await limited.call('GET', `${API_PREFIX}/me`, { token: limited.tokens.officerA })).status).toBe(
        200,
      );
    } finally {
      await limited.close();
    }
  });

  it('count per client address before authentication, so guessing tokens is limited too', async () => {
    const limited = await createApiHarness({ limits: { perAddressPerMinute: 2 } });
    const from = (address: string, token: string) =>
      limited.app.request(
        `${API_PREFIX}/me`,
        { headers: { authorization: `Bearer ${token}` } },
        {
          incoming: { socket: { remoteAddress: address } },
        },
      );
    try {
      expect((await from('10.0.0.1', 'jx_wrong_guess_0000000000')).status).toBe(401);
      expect((await from('10.0.0.1', 'jx_wrong_guess_0000000001')).status).toBe(401);
      const third = await from('10.0.0.1', limited.tokens.admin);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).not.toBeNull();
      expect((await from('10.0.0.2', limited.tokens.admin)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the permission table checked before the body', () => {
  it('covers every write route, or says why only its service can decide', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const listed = new Set(ROUTE_PERMISSIONS.map(([m, p]) => `${m} ${p}`));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith(API_PREFIX)) continue;
      for (const method of Object.keys(ops)) {
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path.slice(API_PREFIX.length)}`;
        if (!listed.has(key) && !(key in SERVICE_DECIDES)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only routes that exist, with their methods', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [method, path] of ROUTE_PERMISSIONS) {
      expect(doc.paths[`${API_PREFIX}${path}`]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
  });
});
