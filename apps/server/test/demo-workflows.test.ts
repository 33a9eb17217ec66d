import { defaultPolicyConfig, permissionsOf } from '@jixiao/core';
import { loadActor, type Platform, queryRows } from '@jixiao/db';
import { loadExAnteStatus } from '@jixiao/db/assessments';
import { issueBudgetApproval } from '@jixiao/db/budget-approvals';
import { syncPluginIndicators } from '@jixiao/db/indicator-library';
import { getItem } from '@jixiao/db/items';
import { syncFundTypes } from '@jixiao/db/master-data';
import { listVersions, reviewTarget, runQualityChecks } from '@jixiao/db/target-reviews';
import { createTestDatabase, departmentOf, type TestDatabase } from '@jixiao/db/testing';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { type DemoCity, generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { loadDemoTargetExamples } from '../src/demo/target-examples.ts';
import { loadPlugins } from '../src/plugins.ts';

// The demo city's performance workflows as `npm start` loads them: every state shown, each
// consistent with the rules the services apply.
const AS_OF = '2026-11-27';

let db: TestDatabase;
let registry: PluginRegistry;
let city: DemoCity;
let platform: Platform;

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db.db, q);

beforeAll(async () => {
  registry = await loadPlugins(configuredPluginPaths({}));
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  await syncPluginIndicators(db.db, registry.list());
  city = generateDemoCity({ asOf: AS_OF, registry, config: defaultPolicyConfig });
  await loadDemoCity(db.db, city);
  platform = {
    db: db.db,
    kind: db.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${AS_OF}T04:00:00Z`),
    today: () => AS_OF,
  };
});
afterAll(async () => {
  await db?.dispose();
});

async function cityAdmin() {
  const [row] = await rows<{ id: number }>(
    sql`select u.id from users u join org_units o on o.id = u.org_unit_id where o.code = 'FIN-360200' and 'finance_admin' = any(u.roles) order by u.id limit 1`,
  );
  return (await loadActor(db.db, row?.id as number)) as NonNullable<Awaited<ReturnType<typeof loadActor>>>;
}

describe('the demo city’s performance workflows', () => {
  it('has assessments in every state, by departments and commissioned institutions', async () => {
    const states = await rows<{ status: string; assessor: string; conclusion: string | null }>(
      sql`select distinct status, assessor, conclusion from ex_ante_assessments`,
    );
    expect(new Set(states.map((s) => s.status))).toEqual(
      new Set(['draft', 'submitted', 'returned', 'accepted']),
    );
    expect(new Set(states.map((s) => s.assessor))).toEqual(new Set(['department', 'third_party']));
    expect(await rows(sql`select 1 from institutions`)).toHaveLength(2);
  });

  it('one 不予支持: its item stays in 编制中 and gets no budget', async () => {
    const [rejected] = await rows<{ item_id: number; state: string }>(
      sql`select a.item_id, bi.state from ex_ante_assessments a join budget_items bi on bi.id = a.item_id
          where a.status = 'accepted' and a.conclusion = 'reject'`,
    );
    expect(rejected?.state).toBe('draft');
    const admin = await cityAdmin();
    const item = await getItem(db.db, admin, rejected?.item_id as number);
    expect((await loadExAnteStatus(db.db, item, defaultPolicyConfig)).gate.acceptedConclusion).toBe('reject');
    await expect(
      issueBudgetApproval(platform, admin, {
        orgUnitId: await departmentOf(platform, item.orgUnit.id),
        fiscalYear: 2026,
        itemIds: [item.id],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('无目标不安排预算') });
    expect(await rows(sql`select 1 from budget_approval_items where item_id = ${item.id}`)).toEqual([]);
  });

  it('every item past 编制中 that must be assessed has an accepted, supporting assessment', async () => {
    const admin = await cityAdmin();
    const items = await rows<{ id: number }>(sql`select id from budget_items where state not in ('draft')`);
    for (const { id } of items) {
      const item = await getItem(db.db, admin, id);
      const s = await loadExAnteStatus(db.db, item, defaultPolicyConfig);
      if (!s.requirement.required) continue;
      expect(s.gate.acceptedConclusion, item.code).toMatch(/^support/);
    }
  });

  it('has targets in every review state, returns with real comments, resubmissions and adjustments', async () => {
    const versions = await rows<{
      kind: string;
      status: string;
      comments: unknown[];
      opinion: string | null;
    }>(sql`select kind, status, comments, opinion from target_versions where subject = 'item'`);
    expect(new Set(versions.map((v) => `${v.kind}/${v.status}`))).toEqual(
      new Set([
        'initial/submitted',
        'initial/returned',
        'initial/approved',
        'adjustment/submitted',
        'adjustment/approved',
      ]),
    );
    for (const v of versions.filter((x) => x.status === 'returned')) {
      expect(v.comments.length).toBeGreaterThan(0);
      expect(v.opinion).toMatch(/请/);
    }
    const [resubmitted] = await rows<{ n: number }>(
      sql`select count(*)::int as n from target_versions where changes is not null and kind = 'initial'`,
    );
    expect(resubmitted?.n).toBeGreaterThan(0);
  });

  it('has department-wide targets over the six dimensions, in several states', async () => {
    const dts = await rows<{ status: string; indicators: Array<{ dimension: string }> }>(
      sql`select status, indicators from department_targets`,
    );
    expect(new Set(dts.map((d) => d.status))).toEqual(
      new Set(['draft', 'submitted', 'returned', 'approved']),
    );
    for (const d of dts) expect(new Set(d.indicators.map((i) => i.dimension)).size).toBe(6);
  });

  it('links indicators to the library of their own sector or fund type', async () => {
    const links = await rows<{
      item_sector: string | null;
      lib_sector: string | null;
      lib_fund: string | null;
      fund: string;
    }>(
      sql`select bi.sector as item_sector, l.sector as lib_sector, l.fund_type_id as lib_fund, bi.fund_type_id as fund
          from indicators i join indicator_library l on l.id = i.library_indicator_id join budget_items bi on bi.id = i.item_id`,
    );
    expect(links.length).toBeGreaterThan(500);
    expect(links.filter((l) => l.lib_sector !== null).length).toBeGreaterThan(100);
    for (const l of links) {
      if (l.lib_sector !== null) expect(l.lib_sector).toBe(l.item_sector);
      if (l.lib_fund !== null) expect(l.lib_fund).toBe(l.fund);
    }
  });

  it('issued every approved budget with its targets in one 批复 per department and year', async () => {
    const [missing] = await rows<{ n: number }>(
      sql`select count(*)::int as n from budget_items bi
          where exists (select 1 from lifecycle_events e where e.item_id = bi.id and e.action = 'approve_budget')
            and not exists (select 1 from budget_approval_items a where a.item_id = bi.id)`,
    );
    expect(missing?.n).toBe(0);
    const [withDepartmentTarget] = await rows<{ n: number }>(
      sql`select count(*)::int as n from budget_approvals where department_target_version_id is not null`,
    );
    expect(withDepartmentTarget?.n).toBeGreaterThan(0);
  });

  it('its targets waiting for review pass the quality checks, a few flagged; the bureau can review them', async () => {
    const admin = await cityAdmin();
    const run = await runQualityChecks(platform, admin, {});
    expect(run.targets).toBeGreaterThan(10);
    expect(run.targetsWithBlocking).toBe(0);
    expect(run.byRule['library-range']?.flag).toBeGreaterThan(0);
    const approvedRun = await runQualityChecks(platform, admin, { statuses: ['approved'], limit: 5 });
    expect(approvedRun.targetsWithBlocking).toBe(0);
    const [pending] = await listVersions(db.db, admin, {
      status: 'submitted',
      subject: 'item',
      limit: 50,
    }).then((vs) => vs.filter((v) => !v.orgUnit.path.includes(`o${admin.orgUnitId}/`)));
    expect(permissionsOf(admin.roles)).toContain('targets.review');
    const approved = await reviewTarget(platform, admin, pending?.id as number, 'approve', {
      criteria: {
        specific: { met: true },
        quantified: { met: true },
        feasible: { met: true },
        matched: { met: true },
      },
      comments: [],
    });
    expect(approved.status).toBe('approved');
  });
});

describe('the demo city’s forms, reminders and attachments (through the services)', () => {
  it('has a target submitted from an edited 申报表, reminders sent with one signed for, and attachments', async () => {
    const examples = await loadDemoTargetExamples(platform);
    // The target from the edited form: submitted with the officer's note, its item moved on.
    const [imported] = await rows<{ status: string; reason: string; state: string; item_id: number }>(
      sql`select v.status, v.reason, bi.state, v.item_id from target_versions v join budget_items bi on bi.id = v.item_id
          where v.id = ${examples.importedVersionId}`,
    );
    expect(imported).toMatchObject({
      status: 'submitted',
      reason: '按导出的申报表修改后导入报送',
      state: 'targets_submitted',
    });
    // The value the officer raised in the form is the one submitted (10% above the draft's).
    const [raised] = await rows<{ n: number }>(
      sql`select count(*)::int as n from target_versions v, jsonb_array_elements(v.content->'indicators') l
          join indicators i on i.item_id = ${imported?.item_id} and i.name = l->>'name'
          where v.id = ${examples.importedVersionId} and (l->>'targetValue')::float8 = i.target_value
            and i.operator = 'gte'`,
    );
    expect(raised?.n).toBeGreaterThan(0);

    // 预算编报提醒: sent as notices (never re-sent), one of them signed for.
    const notices = await rows<{
      first_sent_at: Date | null;
      acknowledged_at: Date | null;
      next_resend_at: Date | null;
    }>(
      sql`select first_sent_at, acknowledged_at, next_resend_at from notices where subject like 'target_reminder:%'`,
    );
    expect(examples.reminders).toBeGreaterThan(1);
    expect(notices).toHaveLength(examples.reminders);
    expect(notices.every((n) => n.first_sent_at !== null && n.next_resend_at === null)).toBe(true);
    expect(notices.filter((n) => n.acknowledged_at !== null)).toHaveLength(1);

    // An ex-ante report on an assessed item and evidence on the imported target, with their hashes.
    const files = await rows<{ purpose: string; item_id: number; sha256: string; mime_type: string }>(
      sql`select purpose, item_id, sha256, mime_type from attachments order by id`,
    );
    expect(files.map((f) => f.purpose).sort()).toEqual(['ex_ante_report', 'target_material']);
    expect(files.find((f) => f.purpose === 'target_material')?.item_id).toBe(imported?.item_id);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.mime_type === 'application/pdf')).toBe(
      true,
    );
    const [assessed] = await rows<{ n: number }>(
      sql`select count(*)::int as n from ex_ante_assessments a join attachments f on f.item_id = a.item_id
          where f.purpose = 'ex_ante_report'`,
    );
    expect(assessed?.n).toBeGreaterThan(0);
  });
});
