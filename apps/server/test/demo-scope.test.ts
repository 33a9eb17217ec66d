import { API_PREFIX, createApiApp } from '@jixiao/api';
import { createBotEngine, type OutboundReply } from '@jixiao/bot';
import { defaultPolicyConfig } from '@jixiao/core';
import { loadActor, type Platform, queryRows } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { syncFundTypes } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { createTask } from '@jixiao/db/rectification';
import { createTestDatabase, type TestDatabase } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { loadPlugins } from '../src/plugins.ts';

// The demo gave every department's head the `leader` role, which read the whole city: 教育局's head
// saw 381 warnings of every department and, holding dept_officer too, wrote in all of them. Here
// every department-level user of the demo (officers and leaders of departments and units) asks
// through every list route and chat intent, and must see only their own department (or unit); and
// every department head tries the probe's writes on another department's data.

const AS_OF = '2026-11-27';
const REGION_WIDE = ['finance_admin', 'region_leader', 'auditor'];

interface Org {
  id: number;
  name: string;
  path: string;
  kind: string;
  parentId: number | null;
}
interface User {
  id: number;
  name: string;
  roles: string[];
  orgId: number;
  dingtalk: string | null;
}
interface Item {
  id: number;
  code: string;
  name: string;
  orgId: number;
  state: string;
}

let db: TestDatabase;
let platform: Platform;
let app: ReturnType<typeof createApiApp>;
let bot: ReturnType<typeof createBotEngine>;
let orgs: Map<number, Org>;
let users: User[];
let items: Item[];
let adminId: number;

beforeAll(async () => {
  const registry = await loadPlugins(configuredPluginPaths({}));
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  await loadDemoCity(db.db, generateDemoCity({ asOf: AS_OF, registry, config: defaultPolicyConfig }));
  platform = {
    db: db.db,
    kind: db.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${AS_OF}T04:00:00Z`),
    today: () => AS_OF,
  };
  await runSweep(platform, { trigger: 'cli' });
  app = createApiApp({
    platform,
    health: async () => {
      throw new Error('not used');
    },
    limits: { perTokenPerMinute: 0, perAddressPerMinute: 0 },
  });
  bot = createBotEngine({ platform });
  orgs = new Map(
    (
      await queryRows<Org>(
        db.db,
        sql`select id, name, path, kind, parent_id as "parentId" from org_units order by id`,
      )
    ).map((o) => [o.id, o]),
  );
  users = await queryRows<User>(
    db.db,
    sql`select u.id, u.name, u.roles, u.org_unit_id as "orgId", i.external_user_id as dingtalk
        from users u left join im_identities i on i.user_id = u.id order by u.id`,
  );
  items = await queryRows<Item>(
    db.db,
    sql`select id, code, name, org_unit_id as "orgId", state from budget_items order by id`,
  );
  adminId = (users.find((u) => u.roles.includes('finance_admin')) as User).id;
  // A rectification task in every department with an open warning, so task lists have something to leak.
  const admin = await loadActor(db.db, adminId);
  const tasks = await queryRows<{ warning_id: number; assignee: number }>(
    db.db,
    sql`select distinct on (dept.id) w.id as warning_id, u.id as assignee
        from warnings w join org_units o on o.id = w.org_unit_id
        join org_units dept on dept.id = coalesce(o.parent_id, o.id)
        join users u on u.org_unit_id = dept.id and 'dept_officer' = any(u.roles)
        where w.status = 'open' and dept.kind = 'department' order by dept.id, w.id, u.id`,
  );
  for (const t of tasks) {
    await createTask(platform, admin as NonNullable<typeof admin>, {
      warningId: t.warning_id,
      assigneeUserId: t.assignee,
      deadline: '2026-12-31',
      requirement: '说明原因并提出整改措施',
    });
  }
}, 600_000);
afterAll(async () => {
  await db?.dispose();
});

/** Department-level users: officers and leaders of departments and units, none region-wide. */
function departmentUsers(): User[] {
  return users.filter(
    (u) =>
      ['department', 'unit'].includes(orgs.get(u.orgId)?.kind ?? '') &&
      !u.roles.some((r) => REGION_WIDE.includes(r)),
  );
}

/** The org units a user may see: their own and those below it. */
function allowedOrgs(u: User): Set<number> {
  const home = orgs.get(u.orgId) as Org;
  return new Set([...orgs.values()].filter((o) => o.path.startsWith(home.path)).map((o) => o.id));
}

async function api(token: string, method: string, path: string, body?: unknown) {
  const res = await app.request(`${API_PREFIX}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const textOf = (replies: OutboundReply[]) =>
  replies
    .map((r) => [r.reply.title, r.reply.markdown, ...(r.reply.fields ?? []).map((f) => f.value)].join('\n'))
    .join('\n');

describe('department-level users of the demo', () => {
  it('see only their own department through every list route', async () => {
    const audience = departmentUsers();
    expect(audience.length).toBeGreaterThan(150);
    const heads = audience.filter((u) => u.roles.includes('leader'));
    expect(heads.length).toBe(37);
    const seen = { items: 0, warnings: 0, tasks: 0 };
    for (const u of audience) {
      const token = (await issueToken(db.db, u.id, 'scope-test')).token;
      const allowed = allowedOrgs(u);
      const outside = (ids: number[]) => ids.filter((id) => !allowed.has(id));
      const list = async (path: string, key: string) => {
        const res = await api(token, 'GET', path);
        expect(res.status, `${u.name} ${path}`).toBe(200);
        return res.body[key] as Array<{ id: number; orgUnit: { id: number } }>;
      };
      const its = await list('/items?limit=200', 'items');
      expect(outside(its.map((i) => i.orgUnit.id)), `${u.name} items`).toEqual([]);
      const ws = await list('/warnings?status=open&limit=200', 'warnings');
      expect(outside(ws.map((w) => w.orgUnit.id)), `${u.name} warnings`).toEqual([]);
      const ts = await list('/rectifications?limit=200', 'tasks');
      expect(outside(ts.map((t) => t.orgUnit.id)), `${u.name} tasks`).toEqual([]);
      const us = await list('/users?limit=200', 'users');
      expect(outside(us.map((x) => x.orgUnit.id)), `${u.name} users`).toEqual([]);
      const os = await list('/org-units', 'orgUnits');
      expect(outside(os.map((o) => o.id)), `${u.name} org units`).toEqual([]);
      const summary = await api(token, 'GET', '/monitoring/summary?by=department');
      const home = orgs.get(u.orgId) as Org;
      const names = new Set(
        [...allowed].map((id) => orgs.get(id)?.name).concat(orgs.get(home.parentId ?? -1)?.name),
      );
      for (const row of summary.body.rows as Array<{ name: string }>)
        expect(names, `${u.name} summary`).toContain(row.name);
      seen.items += its.length;
      seen.warnings += ws.length;
      seen.tasks += ts.length;
      // Another department's item, warning and audit trail are not found.
      const foreign = items.find((i) => !allowed.has(i.orgId)) as Item;
      expect((await api(token, 'GET', `/items/${foreign.id}`)).status).toBe(404);
      expect((await api(token, 'GET', `/items/${foreign.id}/payments`)).status).toBe(404);
      expect([403, 404]).toContain((await api(token, 'GET', `/items/${foreign.id}/audit`)).status);
    }
    // The lists were not empty: the checks above looked at real data.
    expect(seen.items).toBeGreaterThan(300);
    expect(seen.warnings).toBeGreaterThan(100);
    expect(seen.tasks).toBeGreaterThan(10);
  }, 600_000);

  it('see only their own department through every chat intent', async () => {
    const codeOrg = new Map(items.map((i) => [i.code, i.orgId]));
    // Personal intents depend on the person; the others only on where they sit and what roles
    // they hold, so those are asked once per (unit, roles).
    const personal = ['我的预警', '我的整改任务'];
    const shared = ['本部门预警', '全部预警', '红色预警', '滞后项目', '本部门滞后项目', '按部门汇总'];
    const asked = new Set<string>();
    let codesShown = 0;
    for (const u of departmentUsers().filter((x) => x.dingtalk)) {
      const allowed = allowedOrgs(u);
      const seat = `${u.orgId}:${[...u.roles].sort().join(',')}`;
      const intents = asked.has(seat) ? personal : [...personal, ...shared];
      asked.add(seat);
      for (const text of intents) {
        const answer = textOf(
          await bot.handleMessage({
            channel: 'dingtalk',
            externalUserId: u.dingtalk as string,
            conversation: { id: `cid-scope-${u.id}`, type: 'single' },
            text,
            msgId: `scope-${u.id}-${text}`,
          }),
        );
        expect(answer, `${u.name} ${text}`).not.toContain('出错了');
        const codes = answer.match(/JDZ-\d{4}-\d{4}/g) ?? [];
        codesShown += codes.length;
        const leaked = codes.filter((c) => !allowed.has(codeOrg.get(c) ?? -1));
        expect(leaked, `${u.name} ${text}`).toEqual([]);
      }
      const foreign = items.find(
        (i) => !allowed.has(i.orgId) && !items.some((o) => allowed.has(o.orgId) && o.name === i.name),
      ) as Item;
      const lookup = textOf(
        await bot.handleMessage({
          channel: 'dingtalk',
          externalUserId: u.dingtalk as string,
          conversation: { id: `cid-scope-${u.id}`, type: 'single' },
          text: `查项目 ${foreign.code}`,
          msgId: `scope-${u.id}-lookup`,
        }),
      );
      expect(lookup, `${u.name} 查项目`).not.toContain(foreign.name);
    }
    expect(codesShown).toBeGreaterThan(200);
  }, 600_000);
});

describe('the demo’s department heads', () => {
  it('write nothing in another department: payments, reports, self-evaluations, acknowledgements, items', async () => {
    const footprint = async () =>
      (
        await queryRows<{ audit: number; versions: number }>(
          db.db,
          sql`select (select count(*) from audit_entries)::int as audit,
                   (select coalesce(sum(version), 0) from budget_items)::int as versions`,
        )
      )[0];
    const before = await footprint();
    const executing = items.filter((i) => i.state === 'executing');
    const warnings = await queryRows<{ id: number; orgId: number }>(
      db.db,
      sql`select id, org_unit_id as "orgId" from warnings where status = 'open' order by id`,
    );
    const indicators = await queryRows<{ id: number; itemId: number }>(
      db.db,
      sql`select distinct on (item_id) id, item_id as "itemId" from indicators order by item_id, id`,
    );
    const statuses = new Map<number, number>();
    let attempts = 0;
    for (const head of departmentUsers().filter((u) => u.roles.includes('leader'))) {
      const token = (await issueToken(db.db, head.id, 'probe')).token;
      const allowed = allowedOrgs(head);
      const item = executing.find((i) => !allowed.has(i.orgId)) as Item;
      const warning = warnings.find((w) => !allowed.has(w.orgId)) as { id: number };
      const indicator = indicators.find((x) => x.itemId === item.id) as { id: number };
      const otherDept = [...orgs.values()].find((o) => o.kind === 'department' && !allowed.has(o.id)) as Org;
      const probes: Array<[string, string, unknown]> = [
        ['POST', `/items/${item.id}/payments`, { paidOn: '2026-11-01', amountFen: 100, source: 'treasury' }],
        [
          'POST',
          `/items/${item.id}/indicator-reports`,
          { indicatorId: indicator.id, reportedOn: '2026-11-01', actualValue: 1 },
        ],
        ['POST', `/items/${item.id}/actions/submit_self_evaluation`, {}],
        ['PATCH', `/items/${item.id}`, { name: '越权修改' }],
        ['POST', `/warnings/${warning.id}/acknowledge`, { explanation: '越权签收' }],
        [
          'POST',
          '/items',
          {
            code: `PROBE-${head.id}`,
            name: '越权新建',
            kind: 'project',
            fundTypeId: 'general-budget',
            orgUnitId: otherDept.id,
            fiscalYearStart: 2026,
            fiscalYearEnd: 2026,
            approvedAmountFen: 100,
            responsiblePerson: '某',
            isNewMajor: false,
            isSpecialTransfer: false,
            attributes: {},
          },
        ],
      ];
      for (const [method, path, body] of probes) {
        const res = await api(token, method, path, body);
        attempts++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([400, 403, 404], `${head.name} ${method} ${path}: ${res.body.message}`).toContain(res.status);
        expect(res.body.message, `${head.name} ${method} ${path}`).toMatch(/范围|无权/);
      }
    }
    expect(attempts).toBe(37 * 6);
    expect(await footprint()).toEqual(before);
    // Not found (they cannot see it) rather than refused: another department is outside what they read.
    expect(statuses.get(404)).toBeGreaterThanOrEqual(37 * 5);
  }, 600_000);
});
