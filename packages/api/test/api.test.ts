import { queryRows } from '@jixiao/db';
import { ALL_CRITERIA_MET, completeTarget, createExecutingItem } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const itemBody = (overrides: Record<string, unknown> = {}) => ({
  code: `API-${Math.random().toString(36).slice(2, 10)}`,
  name: '市一中教学楼改造',
  kind: 'project',
  fundTypeId: 'test-fund',
  orgUnitId: h.city.orgs.deptA,
  fiscalYearStart: 2026,
  fiscalYearEnd: 2026,
  approvedAmountFen: 1_200_000_00,
  responsiblePerson: '李明',
  ...overrides,
});

async function itemCount(): Promise<number> {
  const rows = await queryRows<{ n: number }>(h.db.db, sql`select count(*)::int as n from budget_items`);
  return Number(rows[0]?.n);
}

describe('authentication', () => {
  it('refuses calls without a token or with an unknown one, in Chinese, with the error shape', async () => {
    const none = await h.call('GET', '/api/v1/items', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('令牌'),
      details: {},
    });
    const bad = await h.call('GET', '/api/v1/items', { token: 'jx_not-a-real-token-at-all' });
    expect(bad.status).toBe(401);
  });

  it('serves health, the OpenAPI document and the docs page without a token', async () => {
    const health = await h.call('GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.database.kind).toBe(h.db.kind);
    const doc = await h.call('GET', '/openapi.json', { token: null });
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/items', '/api/v1/items/{id}/actions/{action}', '/api/v1/import']),
    );
    const docs = await h.call('GET', '/docs', { token: null });
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger-ui');
  });
});

describe('data scope through the API', () => {
  it('a department officer cannot read another department’s item; the finance admin can', async () => {
    const created = await h.call('POST', '/api/v1/items', {
      token: h.tokens.officerB,
      body: itemBody({ orgUnitId: h.city.orgs.deptB }),
    });
    expect(created.status).toBe(201);
    const asA = await h.call('GET', `/api/v1/items/${created.body.id}`, { token: h.tokens.officerA });
    expect(asA.status).toBe(404);
    expect(asA.body.code).toBe('not_found');
    const asAdmin = await h.call('GET', `/api/v1/items/${created.body.id}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.orgUnit.id).toBe(h.city.orgs.deptB);
    const list = await h.call('GET', `/api/v1/items?q=${encodeURIComponent(created.body.code)}`, {
      token: h.tokens.officerA,
    });
    expect(list.body.items).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    ['negative money', { approvedAmountFen: -1 }, 'approvedAmountFen'],
    ['fractional money', { approvedAmountFen: 10.5 }, 'approvedAmountFen'],
    ['money as text', { approvedAmountFen: '100' }, 'approvedAmountFen'],
    ['unknown enum', { kind: 'bridge' }, 'kind'],
    ['overlong name', { name: '长'.repeat(201) }, 'name'],
    ['unknown field', { colour: 'red' }, 'colour'],
    ['unknown attribute', { attributes: { method: 'single_source', methd: 'x' } }, 'attributes.methd'],
    [
      'attribute of the wrong type',
      { attributes: { contractAmountFen: '100' } },
      'attributes.contractAmountFen',
    ],
    ['a kind the fund type is not for', { kind: 'transfer_payment' }, 'kind'],
    ['end before start', { fiscalYearEnd: 2025 }, 'fiscalYearEnd'],
  ])('%s → 400 naming the field, nothing written', async (_label, patch, field) => {
    const before = await itemCount();
    const res = await h.call('POST', '/api/v1/items', { body: itemBody(patch) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
    expect(res.body.message).toContain(field);
    expect(res.body.details.issues.map((i: { path: string }) => i.path).join(' ')).toContain(field);
    expect(await itemCount()).toBe(before);
  });

  it('rejects malformed JSON and non-JSON bodies in Chinese', async () => {
    const malformed = await h.call('POST', '/api/v1/items', { rawBody: '{"code": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'malformed_json', message: '请求体不是合法的 JSON' });
    const text = await h.call('POST', '/api/v1/items', { rawBody: 'code=x', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.message).toContain('JSON');
  });

  it('rejects a foreign key outside the caller’s scope with the field named', async () => {
    const res = await h.call('POST', '/api/v1/items', {
      token: h.tokens.officerA,
      body: itemBody({ orgUnitId: h.city.orgs.deptB }),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('orgUnitId');
  });

  it('never answers arbitrary bodies with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const before = await itemCount();
        const res = await h.call('POST', '/api/v1/items', { body: value });
        expect(res.status).toBe(400);
        expect(typeof res.body.message).toBe('string');
        expect(await itemCount()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses text the database cannot store (NUL, an unpaired surrogate) with the field named', async () => {
    const before = await itemCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [itemBody({ name: '市一中\u0000改造' }), 'name'],
      [itemBody({ responsiblePerson: '李\ud800明' }), 'responsiblePerson'],
      [itemBody({ attributes: { method: 'open\udc00' } }), 'attributes.method'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', '/api/v1/items', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toBe(
        `请求体字段 ${field}：含有无法保存的字符（空字符 U+0000 或不成对的 UTF-16 代理项）`,
      );
    }
    expect(await itemCount()).toBe(before);
    const search = await h.call('GET', '/api/v1/items?q=%E5%B8%82%00');
    expect(search.status).toBe(400);
    expect(search.body.message).toContain('查询参数字段 q');
  });
});

describe('pagination and filters', () => {
  it('walks every item exactly once with the cursor, 3 per page', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await h.call('POST', '/api/v1/items', {
        body: itemBody({ code: `PAGE-${i}`, name: `分页项目${i}` }),
      });
      expect(r.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `q=PAGE-&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await h.call('GET', `/api/v1/items?${qs}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { code: string }) => i.code));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['PAGE-0', 'PAGE-1', 'PAGE-2', 'PAGE-3', 'PAGE-4', 'PAGE-5', 'PAGE-6']);
    expect(pages).toBe(3);
    const bad = await h.call('GET', '/api/v1/items?cursor=%%%');
    expect(bad.status).toBe(400);
  });

  it('filters by state and fund type', async () => {
    const executing = await createExecutingItem(h.city);
    const res = await h.call('GET', '/api/v1/items?state=executing&fundTypeId=test-fund&limit=200');
    expect(res.body.items.map((i: { id: number }) => i.id)).toContain(executing.id);
    expect(res.body.items.every((i: { state: string }) => i.state === 'executing')).toBe(true);
    const badState = await h.call('GET', '/api/v1/items?state=flying');
    expect(badState.status).toBe(400);
    expect(badState.body.message).toContain('state');
  });
});

describe('lifecycle, targets, payments and audit through the API', () => {
  it('takes an item from draft to executing and records a payment, with the audit trail', async () => {
    const created = await h.call('POST', '/api/v1/items', { token: h.tokens.officerA, body: itemBody() });
    const id = created.body.id;
    const refused = await h.call('POST', `/api/v1/items/${id}/actions/approve_budget`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('/api/v1/budget-approvals');
    const preview = await h.call(
      'GET',
      `/api/v1/budget-approvals/preview?orgUnitId=${h.city.orgs.deptA}&fiscalYear=2026`,
    );
    expect(
      preview.body.candidates.find((c: { item: { id: number } }) => c.item.id === id).reasons[0],
    ).toContain('无目标不安排预算');
    const target = await h.call('PUT', `/api/v1/items/${id}/targets`, {
      token: h.tokens.officerA,
      body: completeTarget(2026),
    });
    expect(target.status).toBe(200);
    expect(target.body.problems).toEqual([]);
    const submitted = await h.call('POST', `/api/v1/items/${id}/targets/submit`, {
      token: h.tokens.officerA,
      body: { fiscalYear: 2026 },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const approved = await h.call('POST', `/api/v1/target-reviews/${submitted.body.id}/approve`, {
      body: { criteria: ALL_CRITERIA_MET },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const issued = await h.call('POST', '/api/v1/budget-approvals', {
      body: { orgUnitId: h.city.orgs.deptA, fiscalYear: 2026, itemIds: [id] },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const started = await h.call('POST', `/api/v1/items/${id}/actions/start_execution`, {
      token: h.tokens.officerA,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const pay = await h.call('POST', `/api/v1/items/${id}/payments`, {
      token: h.tokens.officerA,
      body: { paidOn: '2026-05-06', amountFen: 30_000_000 },
    });
    expect(pay.status).toBe(201);
    const detail = await h.call('GET', `/api/v1/items/${id}`, { token: h.tokens.officerA });
    expect(detail.body.state).toBe('executing');
    expect(detail.body.execution.paidFen).toBe(30_000_000);
    expect(detail.body.execution.executionRateBp).toBe(2500);
    expect(detail.body.targets[0].indicators).toHaveLength(4);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit_targets',
      'approve_targets',
      'approve_budget',
      'start_execution',
    ]);
    const audit = await h.call('GET', `/api/v1/items/${id}/audit`, { token: h.tokens.officerA });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('payment.record');
    const verify = await h.call('GET', '/api/v1/audit/verify');
    expect(verify.body.ok).toBe(true);
    const unknownAction = await h.call('POST', `/api/v1/items/${id}/actions/fly`);
    expect(unknownAction.status).toBe(400);
  });

  it('import rejects a file with one bad row and writes none of it', async () => {
    const before = await itemCount();
    const res = await h.call('POST', '/api/v1/import', {
      body: {
        items: [
          itemBody({ code: 'IMPORT-A' }),
          itemBody({ code: 'IMPORT-B', approvedAmountFen: -3 }),
          itemBody({ code: 'IMPORT-C' }),
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.details.rejected).toEqual([
      expect.objectContaining({
        sheet: 'items',
        row: 2,
        itemCode: 'IMPORT-B',
        reasons: [expect.stringContaining('approvedAmountFen')],
      }),
    ]);
    expect(await itemCount()).toBe(before);
  });

  it('carries the functional subject (功能分类科目) through import and the item response, checked', async () => {
    const before = await itemCount();
    const bad = await h.call('POST', '/api/v1/import', {
      body: { items: [itemBody({ code: 'FS-BAD', functionalSubject: '20502X' })] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.rejected[0].reasons).toEqual([
      '字段 functionalSubject：支出功能分类科目须为3、5或7位数字编码（类、款、项），如 2050201',
    ]);
    expect(await itemCount()).toBe(before);
    const ok = await h.call('POST', '/api/v1/import', {
      body: { items: [itemBody({ code: 'FS-OK', functionalSubject: '2050201' })] },
    });
    expect(ok.status).toBe(200);
    const list = await h.call('GET', '/api/v1/items?q=FS-OK');
    expect(list.body.items[0].functionalSubject).toBe('2050201');
    const id = list.body.items[0].id;
    const patched = await h.call('PATCH', `/api/v1/items/${id}`, { body: { functionalSubject: '7' } });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toContain('functionalSubject');
    const detail = await h.call('GET', `/api/v1/items/${id}`);
    expect(detail.body.functionalSubject).toBe('2050201');
  });
});
