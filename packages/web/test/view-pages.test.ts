import { randomBytes } from 'node:crypto';
import { createTask, submitTask } from '@jixiao/db/rectification';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '@jixiao/db/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkSigner, createViewRoutes, type LinkSigner } from '../src/index.ts';

let db: TestDatabase;
let city: TestCity;
let app: Hono;
let links: LinkSigner;
let clock = Date.parse('2026-11-30T02:00:00Z');
let taskId: number;
let itemId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-11-30' });
  links = createLinkSigner({ secret: randomBytes(32), ttlMs: 3_600_000, now: () => clock });
  app = new Hono().route('/view', createViewRoutes(city.platform, links));
  const item = await createExecutingItem(city, { name: '市一中教学楼改造' });
  itemId = item.id;
  const task = await createTask(city.platform, city.actors.admin, {
    itemId,
    assigneeUserId: city.actors.officerA.userId as number,
    deadline: '2026-12-20',
    requirement: '补齐招标文件，<b>说明</b>支出滞后原因',
  });
  taskId = task.id;
  await submitTask(city.platform, city.actors.officerA, taskId, {
    submission: '已完成招标，进度追上，详见附件。',
  });
});
afterAll(() => db.dispose());

const get = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

describe('pages behind signed links', () => {
  it('shows the assignee their task as a readable page, its history included, with user text escaped', async () => {
    const page = await get(links.sign(city.actors.officerA.userId as number, `/view/tasks/${taskId}`));
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('整改任务 #');
    expect(page.text).toContain('市一中教学楼改造');
    expect(page.text).toContain('补齐招标文件，&lt;b&gt;说明&lt;/b&gt;支出滞后原因');
    expect(page.text).toContain('已完成招标，进度追上');
    expect(page.text).toMatch(/下达整改[\s\S]*提交整改/);
    expect(page.text).toContain('李教育');
  });

  it('shows an item in the viewer’s scope and nothing outside it', async () => {
    const own = await get(links.sign(city.actors.officerA.userId as number, `/view/items/${itemId}`));
    expect(own.status).toBe(200);
    expect(own.text).toContain('<h1>市一中教学楼改造</h1>');
    const other = await get(links.sign(city.actors.officerB.userId as number, `/view/items/${itemId}`));
    expect(other.status).toBe(404);
    expect(other.text).toContain('不在您的查看范围内');
    expect(other.text).not.toContain('市一中教学楼改造');
  });

  it('refuses a changed link and an expired one with a page, never JSON', async () => {
    const link = links.sign(city.actors.officerB.userId as number, `/view/tasks/${taskId}`);
    for (const forged of [
      link.replace(`u=${city.actors.officerB.userId}`, `u=${city.actors.admin.userId}`),
      link.replace(`/view/tasks/${taskId}`, `/view/items/${itemId}`),
      link.replace(/s=[^&]+/, 's=AAAA'),
      `/view/tasks/${taskId}`,
    ]) {
      const page = await get(forged);
      expect(page.status).toBe(403);
      expect(page.type).toContain('text/html');
      expect(page.text).toContain('链接无效');
    }
    const fresh = links.sign(city.actors.officerA.userId as number, `/view/tasks/${taskId}`);
    clock += 2 * 3_600_000;
    const expired = await get(fresh);
    clock -= 2 * 3_600_000;
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('链接已过期');
  });
});
