import { createExecutingItem } from '@jixiao/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let itemId: number;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-11-30' });
  itemId = (await createExecutingItem(api.city, { name: '城区污水管网改造', responsiblePerson: '张建国' }))
    .id;
  // A major project (终身责任), marked by the finance bureau once it runs.
  expect((await api.call('PATCH', `/api/v1/items/${itemId}`, { body: { isNewMajor: true } })).status).toBe(
    200,
  );
});
afterAll(() => api.close());

const responsibility = async (date: string, token = api.tokens.officerA) =>
  (await api.call('GET', `/api/v1/items/${itemId}/responsibility?date=${date}`, { token })).body;

describe('who answers for a project, on any date', () => {
  it('keeps the earlier owner answerable for the earlier period after a handover, for life on a major project', async () => {
    const res = await api.call('POST', `/api/v1/items/${itemId}/handovers`, {
      token: api.tokens.officerA,
      body: { toName: '李卫东', effectiveOn: '2026-07-01', reason: '原责任人调任市水务局' },
    });
    expect(res.status).toBe(200);
    expect((await responsibility('2026-06-30')).projectOwner).toEqual({
      name: '张建国',
      from: null,
      to: '2026-06-30',
      lifetime: true,
    });
    expect((await responsibility('2026-07-01')).projectOwner).toEqual({
      name: '李卫东',
      from: '2026-07-01',
      to: null,
      lifetime: true,
    });
    const history = await api.call('GET', `/api/v1/items/${itemId}/handovers`, {
      token: api.tokens.officerA,
    });
    expect(
      history.body.data.map((h: { fromName: string; toName: string }) => [h.fromName, h.toName]),
    ).toEqual([['张建国', '李卫东']]);
    const item = await api.call('GET', `/api/v1/items/${itemId}`, { token: api.tokens.officerA });
    expect(item.body.responsiblePerson).toBe('李卫东');
  });

  it('records a department head’s handover, by the finance bureau only', async () => {
    const path = `/api/v1/org-units/${api.city.orgs.deptA}/head-handovers`;
    const body = { fromName: '周明', toName: '吴芳', effectiveOn: '2026-09-01', reason: '换届' };
    expect((await api.call('POST', path, { token: api.tokens.officerA, body })).status).toBe(403);
    expect((await api.call('POST', path, { body })).status).toBe(200);
    expect((await responsibility('2026-08-31')).departmentHead).toMatchObject({
      name: '周明',
      to: '2026-08-31',
    });
    expect((await responsibility('2026-09-01')).departmentHead).toMatchObject({
      name: '吴芳',
      from: '2026-09-01',
    });
  });

  it('refuses a handover that does not make sense, naming the field and writing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ toName: '王五', effectiveOn: '2026-12-31', reason: '调动' }, 'effectiveOn'],
      [{ toName: '李卫东', effectiveOn: '2026-08-01', reason: '调动' }, 'toName'],
      [{ toName: '王五', effectiveOn: '2026-05-01', reason: '调动' }, 'effectiveOn'],
      [{ toName: '王五', effectiveOn: '2026-08-01', reason: '  ' }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', `/api/v1/items/${itemId}/handovers`, {
        token: api.tokens.officerA,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
    const history = await api.call('GET', `/api/v1/items/${itemId}/handovers`, {
      token: api.tokens.officerA,
    });
    expect(history.body.data).toHaveLength(1);
    expect(
      (
        await api.call('POST', `/api/v1/items/${itemId}/handovers`, {
          token: api.tokens.officerB,
          body: cases[0]?.[0],
        })
      ).status,
    ).toBe(404);
  });
});

describe('accountability cases', () => {
  it('names the people who answered on the day of the failure and hands the file over with its audit extract', async () => {
    const opened = await api.call('POST', '/api/v1/accountability-cases', {
      body: {
        itemId,
        source: 'unrectified',
        sourceRef: 'task:7',
        finding: '管网改造进度严重滞后，整改逾期未完成',
        failureOn: '2026-06-15',
      },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.people).toEqual([
      { role: '项目责任人', name: '张建国', from: null, to: '2026-06-30', lifetime: true },
      {
        role: expect.stringContaining('主要负责人'),
        name: '周明',
        from: null,
        to: '2026-08-31',
        lifetime: false,
      },
    ]);
    const id = opened.body.id;
    expect(
      (
        await api.call('POST', '/api/v1/accountability-cases', {
          token: api.tokens.officerA,
          body: { itemId, source: 'loss', finding: 'x', failureOn: '2026-06-15' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call('GET', `/api/v1/accountability-cases/${id}`, { token: api.tokens.officerB })).status,
    ).toBe(404);

    const noOutcome = await api.call('POST', `/api/v1/accountability-cases/${id}/decision`, {
      body: { action: 'conclude', reason: '核实属实' },
    });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.message).toContain('outcome');
    const concluded = await api.call('POST', `/api/v1/accountability-cases/${id}/decision`, {
      body: { action: 'conclude', outcome: 'admonishment', reason: '核实属实，对项目责任人诫勉谈话' },
    });
    expect(concluded.body).toMatchObject({ status: 'concluded', outcomeLabel: '诫勉谈话' });
    expect(
      (
        await api.call('POST', `/api/v1/accountability-cases/${id}/decision`, {
          body: { action: 'refer', reason: '移送' },
        })
      ).status,
    ).toBe(409);

    const pkg = await api.request(`/api/v1/accountability-cases/${id}/package`, {});
    expect(pkg.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await pkg.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '问责事项',
      '责任人',
      '证据清单',
      '审计记录',
      '链验证',
    ]);
    expect(wb.getWorksheet('责任人')?.getRow(2).values).toEqual([
      undefined,
      '项目责任人',
      '张建国',
      '（登记之初）',
      '2026-06-30',
      '是',
    ]);
    const audit = wb.getWorksheet('审计记录') as ExcelJS.Worksheet;
    const actions = audit.getColumn(4).values.slice(2);
    expect(actions).toEqual(
      expect.arrayContaining([
        'item.create',
        'responsibility.handover',
        'accountability.open',
        'accountability.conclude',
      ]),
    );
    expect(String(audit.getRow(2).getCell(9).value)).toMatch(/^[0-9a-f]{64}$/);
    expect(wb.getWorksheet('链验证')?.getRow(1).getCell(2).value).toBe('审计链完整，未发现篡改');
  });
});
