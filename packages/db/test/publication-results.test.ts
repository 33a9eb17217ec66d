import { publicTexts } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublication } from '../src/publications/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(() => db.dispose());

describe('the evaluation results section (DI-1)', () => {
  it('says nothing before key evaluations exist, then publishes grade, score and findings but not the comment', async () => {
    const item = await createExecutingItem(city, { name: '城区学校校舍改造' });
    const before = await createPublication(city.platform, city.actors.admin, {
      fiscalYear: 2026,
      draft: 'final_accounts',
      itemIds: [item.id],
      departmentIds: [],
    });
    expect(before.public.subjects[0]?.blocks.some((b) => b.section === 'evaluation_results')).toBe(false);

    // The key evaluations of issue 12, as its migration creates them (only the columns read here
    // when the table is not there yet, on a branch without that work).
    await db.db.execute(sql`create table if not exists key_evaluations (
      id integer generated always as identity primary key, kind text not null, title text not null,
      item_id integer, org_unit_id integer not null, fiscal_year integer not null, region_id integer not null,
      carrier text not null, aggregation text not null, status text not null default 'planned',
      lines jsonb not null, template_name text not null, findings text, recommendations text,
      score double precision, grade text, comment text, accepted_at timestamptz)`);
    await db.db.execute(sql`insert into key_evaluations
      (kind, title, item_id, org_unit_id, fiscal_year, region_id, carrier, aggregation, status, lines, template_name,
       findings, recommendations, score, grade, comment, accepted_at)
      values ('project', '校舍改造重点评价', ${item.id}, ${item.orgUnit.id}, 2026, ${city.regionId}, 'expert_panel', 'mean',
       'accepted', '[]'::jsonb, '项目评价', '工程按期完工，验收合格', '加强后期维护资金保障', 86.4, 'good',
       '内部意见：评价组组长王五认为成本控制偏松', '2026-08-20T04:00:00Z')`);
    const after = await createPublication(city.platform, city.actors.admin, {
      fiscalYear: 2027,
      draft: 'final_accounts',
      itemIds: [item.id],
      departmentIds: [],
    });
    const block = after.public.subjects[0]?.blocks.find((b) => b.section === 'evaluation_results');
    expect(block?.fields).toEqual([
      { label: '评价等级', value: '良' },
      { label: '评价得分', value: 86.4 },
      { label: '主要发现', value: '工程按期完工，验收合格' },
      { label: '改进建议', value: '加强后期维护资金保障' },
      { label: '评价验收日期', value: '2026-08-20' },
    ]);
    expect(block?.metrics).toEqual({ grade_good: 1 });
    expect(publicTexts(after.public).join('\n')).not.toContain('成本控制偏松');
  });
});
