import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import { saveDepartmentTarget, submitDepartmentTarget } from '@jixiao/db/department-targets';
import { recordPayment } from '@jixiao/db/execution';
import type { ItemRow } from '@jixiao/db/items';
import { createUser } from '@jixiao/db/master-data';
import {
  actOnPublication,
  createPublication,
  PublishedSetsCache,
  replyToFeedback,
  satisfactionEvidence,
} from '@jixiao/db/publications';
import { createTask } from '@jixiao/db/rectification';
import { outbox } from '@jixiao/db/schema';
import { reviewTarget } from '@jixiao/db/target-reviews';
import {
  ALL_CRITERIA_MET,
  createExecutingItem,
  createTestDatabase,
  EDUCATION_DEPARTMENT_INDICATORS,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '@jixiao/db/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStaticSite, mountPublicSite } from '../src/index.ts';
import { leadingZeroBits } from '../src/public/pow.ts';

let db: TestDatabase;
let city: TestCity;
let app: Hono;
let reviewer: Actor;
let published: ItemRow;
let unpublished: ItemRow;
const SLUG = '360200-2026-budget';

/** A citizen's comment and the department's reply, as typed, with names and numbers in them. */
const CITIZEN_SECRETS = {
  comment: '我是家长，项目负责人张建国的电话 138 0798 1234，身份证 36020219800101123X',
  reply: '联系人李教育，电话 0798-8123456，邮箱 li.jiaoyu@jdz.gov.cn。',
};
const CITIZEN_LEAKS = [
  '138 0798 1234',
  '13807981234',
  '36020219800101123X',
  '0798-8123456',
  'li.jiaoyu@jdz.gov.cn',
];

/** What must never be reachable from the public side. */
const SECRETS = [
  '内部调研经费',
  'SECRET-CODE',
  '张建国',
  '王秘密',
  '李教育',
  '王财政',
  '孙审核',
  '赵一中',
  '审核意见',
  '偏差说明',
  '整改责任人',
  '验收意见',
  '目标设置合理，同意',
  'final',
];

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-09-01' });
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '孙审核',
    orgUnitId: city.orgs.finance,
    roles: ['finance_admin'],
  });
  reviewer = (await loadActor(db.db, u.id)) as Actor;
  published = await createExecutingItem(city, { name: '城区学校校舍改造', responsiblePerson: '张建国' });
  unpublished = await createExecutingItem(city, {
    code: 'SECRET-CODE-1',
    name: '内部调研经费（不公开）',
    responsiblePerson: '王秘密',
  });
  await recordPayment(city.platform, city.actors.officerA, published.id, {
    paidOn: '2026-06-30',
    amountFen: 400_000_00,
    source: 'report',
  });
  await createTask(city.platform, city.actors.admin, {
    itemId: published.id,
    assigneeUserId: city.actors.officerA.userId as number,
    deadline: '2026-10-31',
    requirement: '补充校舍改造验收资料',
  });
  const dt = await saveDepartmentTarget(city.platform, city.actors.officerA, city.orgs.deptA, {
    fiscalYear: 2026,
    overallGoal: '全面完成年度教育工作任务',
    indicators: EDUCATION_DEPARTMENT_INDICATORS,
  });
  const v = await submitDepartmentTarget(city.platform, city.actors.officerA, dt.id);
  await reviewTarget(city.platform, city.actors.admin, v.id, 'approve', {
    criteria: ALL_CRITERIA_MET,
    comments: [],
    opinion: '目标设置合理，同意',
  });
  const p = await createPublication(city.platform, city.actors.admin, {
    fiscalYear: 2026,
    draft: 'budget',
    itemIds: [published.id],
    departmentIds: [city.orgs.deptA],
  });
  await actOnPublication(city.platform, city.actors.admin, p.id, 'submit');
  await actOnPublication(city.platform, reviewer, p.id, 'approve', { publishOn: '2026-09-01' });
  // A final-accounts set with the unpublished item, submitted but never approved.
  const pending = await createPublication(city.platform, city.actors.admin, {
    fiscalYear: 2026,
    draft: 'final_accounts',
    itemIds: [unpublished.id],
    departmentIds: [],
  });
  await actOnPublication(city.platform, city.actors.admin, pending.id, 'submit');
  app = new Hono();
  mountPublicSite(app, city.platform, { secret: 'test-secret', powBits: 8, feedbackPerClientPerHour: 3 });
});
afterAll(() => db.dispose());

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= bits) return String(n);
  }
}

async function submit(body: Record<string, string>, challenge?: { challenge: string; bits: number }) {
  const c =
    challenge ??
    ((await (await app.request('/public/challenge')).json()) as { challenge: string; bits: number });
  const form = new URLSearchParams({ ...body, challenge: c.challenge, nonce: solve(c.challenge, c.bits) });
  const res = await app.request(`/public/${SLUG}/items/${published.code}/feedback`, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { res, c, text: await res.text() };
}

/**
 * Every page and open-data file reachable from the home page, and the search; fails on any text
 * that must never be public.
 */
async function walk(): Promise<{ seen: Set<string>; all: string }> {
  const seen = new Set<string>();
  const queue = ['/public/'];
  const bodies: string[] = [];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const r = await get(path);
    expect(r.status, path).toBe(200);
    bodies.push(r.body);
    if (!r.type.includes('html')) continue;
    for (const m of r.body.matchAll(/href="(\/public\/[^"#]*)"/g)) {
      const href = (m[1] as string).replace(/&amp;/g, '&');
      if (!seen.has(href)) queue.push(href);
    }
  }
  bodies.push((await get(`/public/${SLUG}/search?q=${encodeURIComponent('校舍')}`)).body);
  const all = bodies.join('\n');
  for (const x of SECRETS) expect(all, x).not.toContain(x);
  return { seen, all };
}

describe('the public site (DI-4)', () => {
  it('walks every public URL and the open data and finds nothing unpublished or internal', async () => {
    const { seen, all } = await walk();
    expect([...seen]).toEqual(
      expect.arrayContaining([
        '/public/',
        `/public/${SLUG}/`,
        `/public/${SLUG}/departments/EDU`,
        `/public/${SLUG}/items/${published.code}`,
        `/public/${SLUG}/data.csv`,
        `/public/${SLUG}/data.json`,
      ]),
    );
    // What a curious visitor might try: the unpublished item and set by guessing, and search.
    for (const path of [
      `/public/${SLUG}/items/${unpublished.code}`,
      `/public/360200-2026-final/`,
      `/public/360200-2026-final/data.json`,
      `/public/${SLUG}/departments/HEALTH`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      for (const x of SECRETS) expect(r.body, x).not.toContain(x);
    }
    for (const q of ['内部调研', '王秘密', 'SECRET', '李教育', '审核意见']) {
      // The page repeats the query; what matters is that nothing is found.
      expect((await get(`/public/${SLUG}/search?q=${encodeURIComponent(q)}`)).body, q).toContain(
        '共找到 0 条',
      );
    }
    expect(all).toContain('城区学校校舍改造');
    expect(all).toContain('全面完成年度教育工作任务');
    expect(all).toContain('补充校舍改造验收资料');
  });

  it('renders charts as SVG with words, accessible pages in Chinese, and open data with the same content', async () => {
    const page = await get(`/public/${SLUG}/`);
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toMatch(/<svg role="img" aria-label="各部门重点项目预算执行率：景德镇市教育局40%/);
    expect(page.body).not.toMatch(/<script(?! src="\/public\/pow\.js")/);
    const json = JSON.parse((await get(`/public/${SLUG}/data.json`)).body) as {
      subjects: Array<{ name: string; blocks: Array<{ fields: Array<{ label: string; value: unknown }> }> }>;
    };
    const csv = (await get(`/public/${SLUG}/data.csv`)).body;
    for (const s of json.subjects) {
      expect(csv).toContain(s.name);
      for (const b of s.blocks)
        for (const f of b.fields) expect(csv).toContain(`${f.label},${f.value ?? ''}`);
    }
    const png = await app.request(`/public/${SLUG}/charts/1.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
    expect((await app.request(`/public/${SLUG}/charts/9.png`)).status).toBe(404);
    const search = await get(`/public/${SLUG}/search?q=${encodeURIComponent('校舍')}`);
    expect(search.body).toContain('共找到 1 条');
  });

  it('exports the same site as static files with relative links', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jx-public-'));
    try {
      const files = await exportStaticSite(db.db, '2026-09-01', dir, {
        liveBaseUrl: 'https://jx.example.gov.cn/',
      });
      expect(files).toEqual(
        expect.arrayContaining([
          'index.html',
          `${SLUG}.html`,
          `${SLUG}-department-EDU.html`,
          `${SLUG}-index.html`,
          `${SLUG}-survey.html`,
          'index-filter.js',
          `${SLUG}.csv`,
          `${SLUG}.json`,
        ]),
      );
      const read = (f: string) => readFile(join(dir, f), 'utf8');
      const all = (await Promise.all(files.map(read))).join('\n');
      for (const s of SECRETS) expect(all, s).not.toContain(s);
      // Every link stays in the folder, but the survey's, which goes to the live server.
      for (const m of all.matchAll(/href="([^"]*)"/g)) {
        const href = m[1] as string;
        if (href.startsWith('https://jx.example.gov.cn/public/')) continue;
        expect(href, href).not.toMatch(/^(\/|[a-z]+:(?!,))/);
        if (!href.startsWith('data:') && !href.startsWith('#'))
          expect(files, href).toContain(href.replace(/#.*$/, ''));
      }
      // The search index lists the department and every published item, and works without a script.
      const index = await read(`${SLUG}-index.html`);
      expect(index).toContain('<h2><a href="');
      expect(index).toContain('景德镇市教育局');
      expect(index).toContain(`<a href="${SLUG}-item-${published.code}.html">城区学校校舍改造</a>`);
      expect(index).not.toContain(unpublished.code);
      expect(await read(`${SLUG}.html`)).toContain(`href="${SLUG}-index.html"`);
      // The survey: how to take part, and each item's live survey address.
      const survey = await read(`${SLUG}-survey.html`);
      expect(survey).toContain('如何参与');
      expect(survey).toContain(
        `href="https://jx.example.gov.cn/public/${SLUG}/items/${published.code}#feedback-form"`,
      );
      expect(await read(`${SLUG}-item-${published.code}.html`)).toContain(`href="${SLUG}-survey.html"`);
      expect(all).not.toContain('<form method="post"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('public participation (DI-5)', () => {
  it('takes an answer with proof of work, tells the department, and refuses reuse and floods', async () => {
    const first = await submit({
      satisfaction: '4',
      comment: `希望公布施工进度，${CITIZEN_SECRETS.comment}`,
    });
    expect(first.res.status).toBe(303);
    const rows = (await db.db.select().from(outbox)).filter((r) => r.kind === 'public_feedback');
    expect(rows.map((r) => r.recipientUserId)).toEqual([city.actors.officerA.userId]);
    // The same solved challenge again: refused.
    const reuse = await submit({ satisfaction: '5' }, first.c);
    expect(reuse.res.status).toBe(429);
    // No proof of work: refused.
    const bare = await app.request(`/public/${SLUG}/items/${published.code}/feedback`, {
      method: 'POST',
      body: new URLSearchParams({ satisfaction: '1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('未通过防刷验证');
    // An oversized body is refused before it is read.
    const big = await app.request(`/public/${SLUG}/items/${published.code}/feedback`, {
      method: 'POST',
      body: new URLSearchParams({ comment: '长'.repeat(20_000) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(big.status).toBe(413);
    // A flood: the client's allowance (3 an hour) runs out, then every further answer is refused.
    expect((await submit({ satisfaction: '5' })).res.status).toBe(303);
    expect((await submit({ satisfaction: '3' })).res.status).toBe(303);
    const flood = await submit({ satisfaction: '1' });
    expect(flood.res.status).toBe(429);
    expect(flood.text).toContain('提交过于频繁');
    const evidence = await satisfactionEvidence(db.db, city.regionId, 2026, published.code);
    expect(evidence).toMatchObject({ responses: 3, average: 4, satisfiedShare: 66.7 });
  });

  it("publishes the department's reply on the item page", async () => {
    const [row] = (await db.db.select().from(outbox)).filter((r) => r.kind === 'public_feedback');
    const id = (row?.payload as { feedbackId: number } | undefined)?.feedbackId as number;
    await expect(
      replyToFeedback(city.platform, city.actors.officerB, id, { reply: '不相干', publish: true }),
    ).rejects.toThrow();
    await replyToFeedback(city.platform, city.actors.officerA, id, {
      reply: `施工进度每月在学校公告栏公布。${CITIZEN_SECRETS.reply}`,
      publish: true,
    });
    const page = await get(`/public/${SLUG}/items/${published.code}`);
    expect(page.body).toContain('希望公布施工进度');
    expect(page.body).toContain('施工进度每月在学校公告栏公布。');
    expect(page.body).toContain('（号码不公开）');
    // The comment and reply are on the item page, scrubbed: the walk finds no name or number.
    const { all } = await walk();
    for (const x of CITIZEN_LEAKS) expect(all, x).not.toContain(x);
    expect(page.body).toContain('已有 3 人参与满意度评价，平均 4.0 分');
  });
});

describe('the public read cache (DI-4)', () => {
  it('answers 304 for an unchanged page and shows a correction at once', async () => {
    const page = `/public/${SLUG}/`;
    const first = await app.request(page);
    const tag = first.headers.get('etag') as string;
    const modified = first.headers.get('last-modified') as string;
    expect(tag).toMatch(/^"[\w-]+"$/);
    // Approved on 2026-09-01, public from that day (China time): the later of the two.
    expect(Date.parse(modified)).toBeGreaterThanOrEqual(Date.parse('2026-08-31T16:00:00Z'));
    expect(await first.text()).toContain('第 1 版');
    const again = await app.request(page, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await app.request(page, { headers: { 'if-modified-since': modified } })).status).toBe(304);
    // Another page of the same state has its own tag; the item page (live participation) its body's.
    const dept = await app.request(`/public/${SLUG}/departments/EDU`);
    expect(dept.headers.get('etag')).not.toBe(tag);
    const item = await app.request(`/public/${SLUG}/items/${published.code}`);
    const itemTag = item.headers.get('etag') as string;
    expect(
      (
        await app.request(`/public/${SLUG}/items/${published.code}`, {
          headers: { 'if-none-match': itemTag },
        })
      ).status,
    ).toBe(304);

    // The cache hands back the same sets until something is published.
    const cache = new PublishedSetsCache();
    const before = await cache.read(db.db, '2026-09-01');
    expect(await cache.read(db.db, '2026-09-01')).toBe(before);

    // A correction: a new version, approved for today.
    const fix = await createPublication(city.platform, city.actors.admin, {
      fiscalYear: 2026,
      draft: 'budget',
      itemIds: [published.id],
      departmentIds: [city.orgs.deptA],
      note: '更正校舍改造项目的预算执行数',
    });
    await actOnPublication(city.platform, city.actors.admin, fix.id, 'submit');
    // Submitted, not yet approved: nothing public changed.
    expect(await cache.read(db.db, '2026-09-01')).toBe(before);
    expect((await app.request(page, { headers: { 'if-none-match': tag } })).status).toBe(304);
    await actOnPublication(city.platform, reviewer, fix.id, 'approve', { publishOn: '2026-09-01' });
    const after = await cache.read(db.db, '2026-09-01');
    expect(after).not.toBe(before);
    expect(after.sets[0]?.current.version).toBe(2);
    const fresh = await app.request(page, { headers: { 'if-none-match': tag } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).not.toBe(tag);
    const body = await fresh.text();
    expect(body).toContain('第 2 版');
    expect(body).toContain('更正校舍改造项目的预算执行数');
    expect(await (await app.request('/public/')).text()).toContain('已更正 1 次');
  });
});
