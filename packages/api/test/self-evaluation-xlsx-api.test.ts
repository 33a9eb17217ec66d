import { createExecutingItem } from '@jixiao/db/testing';
import {
  readSelfEvaluationWorkbook,
  type SelfEvaluationFormInput,
  selfEvaluationWorkbook,
} from '@jixiao/forms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let se: {
  id: number;
  lines: Array<{ level1: string; level2: string; name: string; target: string; weight: number }>;
};
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-20' });
  const item = await createExecutingItem(api.city, { name: '城区学校校舍改造' });
  await api.call('POST', `/api/v1/items/${item.id}/payments`, {
    token: api.tokens.officerA,
    body: { paidOn: '2026-06-30', amountFen: 100_000_000 },
  });
  se = (
    await api.call('POST', '/api/v1/self-evaluations', {
      token: api.tokens.officerA,
      body: { itemId: item.id, fiscalYear: 2026 },
    })
  ).body;
});
afterAll(() => api.close());

function upload(file: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), '自评表.xlsx');
  return api.request(`/api/v1/self-evaluations/${se.id}/xlsx`, {
    method: 'POST',
    body: form,
    token: api.tokens.officerA,
  });
}

function filled(
  actuals: string[],
  opts: { scores?: Array<number | null>; total?: number | null; rename?: string } = {},
): Promise<Buffer> {
  const input: SelfEvaluationFormInput = {
    fiscalYear: 2026,
    itemCode: 'X',
    itemName: '城区学校校舍改造',
    department: '景德镇市教育局',
    unit: '景德镇市教育局',
    budget: {
      initialFen: 100_000_000,
      adjustedFen: 100_000_000,
      executedFen: 100_000_000,
      weight: 10,
      score: 10,
    },
    lines: se.lines.map((l, i) => ({
      ...l,
      name: i === 0 && opts.rename ? opts.rename : l.name,
      actual: actuals[i] ?? null,
      score: opts.scores?.[i] ?? null,
      deviationReason: i === 0 ? '部分校舍延期开工' : null,
    })),
    measures: '加强进度调度',
    total: opts.total ?? null,
  };
  return selfEvaluationWorkbook(input);
}

describe('项目支出绩效自评表 as a workbook', () => {
  it('exports the standard layout with what the system knows', async () => {
    const res = await api.request(`/api/v1/self-evaluations/${se.id}/xlsx`, { token: api.tokens.officerA });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const back = await readSelfEvaluationWorkbook(Buffer.from(await res.arrayBuffer()));
    expect(back.table.budget).toMatchObject({
      initial: 100,
      adjusted: 100,
      executed: 100,
      weight: 10,
      printedScore: 10,
    });
    expect(back.table.indicators.map((i) => [i.name, i.target, i.weight])).toEqual(
      se.lines.map((l) => [l.name, l.target, l.weight]),
    );
    expect(back.indicatorRows).toEqual([7, 8, 9, 10]);
  });

  it('refuses a table the check finds wrong, naming the sheet row, and writes nothing', async () => {
    // 工程验收合格率 printed 20 points although only 90% was reached; the total does not add up.
    const wrong = await filled(['11000平方米', '90%', '3000人', '95%'], {
      scores: [27.5, 20, 30, 10],
      total: 99,
    });
    const res = await upload(wrong);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      message: string;
      details: { issues: Array<{ path: string; message: string }> };
    };
    expect(body.message).toContain('自评表有误，未导入');
    expect(body.details.issues).toContainEqual({
      path: '工作表“项目支出绩效自评表”第8行',
      message: expect.stringContaining('“工程验收合格率”：未达到年度指标值'),
    });
    expect(body.details.issues.some((i) => i.message.includes('总分填报为99分'))).toBe(true);
    const after = await api.call('GET', `/api/v1/self-evaluations/${se.id}`, { token: api.tokens.officerA });
    expect(after.body.lines[0].actual).toBeNull();

    const renamed = await upload(await filled(['1', '1', '1', '1'], { rename: '新建校舍面积' }));
    expect(renamed.status).toBe(400);
    expect(((await renamed.json()) as { message: string }).message).toContain('第7行');
  });

  it('refuses hostile files through the workbook guard', async () => {
    const notXlsx = await upload(Buffer.from('PK\u0003\u0004 not really a workbook'));
    expect(notXlsx.status).toBe(400);
    const text = await upload(Buffer.from('项目名称,实际完成值\n'));
    expect(text.status).toBe(400);
  });

  it('imports a correct table: actual values, reasons and measures, scored at once', async () => {
    const res = await upload(await filled(['11000平方米', '100%', '3000人', '95%']));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      score: number;
      lines: Array<{ actual: string; deviationReason: string }>;
      measures: string;
    };
    expect(body.lines.map((l) => l.actual)).toEqual(['11000平方米', '100%', '3000人', '95%']);
    expect(body.lines[0]?.deviationReason).toBe('部分校舍延期开工');
    expect(body.measures).toBe('加强进度调度');
    expect(body.score).toBe(97.5);
  });
});
