import { Readable } from 'node:stream';
import { ALL_CRITERIA_MET, completeTarget } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  h = await createApiHarness({ workbookLimits: { maxRowsPerSheet: 200 } });
});
afterAll(() => h.close());

let seq = 0;
async function newItem() {
  seq++;
  const res = await h.call('POST', '/api/v1/items', {
    token: h.tokens.officerA,
    body: {
      code: `FORM-${seq}`,
      name: `城区学校校舍改造${seq}`,
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: h.city.orgs.deptA,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 2_000_000_00,
      responsiblePerson: '张',
      isNew: false,
      sector: 'education',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as number;
  const put = await h.call('PUT', `/api/v1/items/${id}/targets`, {
    token: h.tokens.officerA,
    body: completeTarget(2026),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return id;
}

async function exported(path: string, token = h.tokens.officerA): Promise<ExcelJS.Workbook> {
  const res = await h.request(path, { method: 'GET', token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

/** The row of the sheet whose 三级指标 cell (column D) is `name`. */
function rowOf(ws: ExcelJS.Worksheet, name: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(4).value === name) found = row;
  });
  if (!found) throw new Error(`no row ${name}`);
  return found;
}

async function upload(path: string, file: Buffer | Uint8Array, token = h.tokens.officerA, note?: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), '绩效目标申报表.xlsx');
  if (note) form.append('note', note);
  const res = await h.request(path, { method: 'POST', body: form, token });
  return { status: res.status, body: (await res.json()) as any };
}

const bytes = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

async function counts() {
  const rows = await h.db.db.execute(
    sql`select (select count(*) from audit_entries)::int as audit, (select count(*) from target_versions)::int as versions,
               (select count(*) from indicators)::int as indicators, (select count(*) from department_targets)::int as dept`,
  );
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0];
}

function zipBomb(size: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  zip.addBuffer(Buffer.from('<workbook/>'), 'xl/workbook.xml');
  const chunk = Buffer.alloc(1024 * 1024);
  let left = size;
  zip.addReadStream(
    new Readable({
      read() {
        if (left <= 0) return this.push(null);
        const n = Math.min(left, chunk.length);
        left -= n;
        this.push(chunk.subarray(0, n));
      },
    }),
    'xl/worksheets/sheet1.xml',
  );
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (b: Buffer) => parts.push(b));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

describe('项目支出绩效目标申报表 through the API', () => {
  it('a target submitted from an edited export is returned, fixed in the form and approved', async () => {
    const itemId = await newItem();
    const wb = await exported(`/api/v1/items/${itemId}/targets/export?fiscalYear=2026`);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('项目支出绩效目标申报表（2026年度）');
    expect(ws.getCell('F2').value).toBe(`FORM-${seq}`);
    expect(ws.getCell('B3').value).toBe('景德镇市教育局');
    expect(rowOf(ws, '改造校舍面积').getCell(5).value).toBe('≥12000平方米');
    expect(rowOf(ws, '工程验收合格率').getCell(2).isMerged).toBe(true);

    // The officer edits the form as officials do: a value with a full-width sign, a new goal.
    rowOf(ws, '受益学生人数').getCell(5).value = '＞＝2500人';
    ws.getCell('B8').value = '完成校舍改造12000平方米，惠及学生2500人';
    const v1 = await upload(
      `/api/v1/items/${itemId}/targets/import`,
      await bytes(wb),
      h.tokens.officerA,
      '按申报表报送',
    );
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body).toMatchObject({ status: 'submitted', version: 1, reason: '按申报表报送' });
    expect(v1.body.content.overallGoal).toBe('完成校舍改造12000平方米，惠及学生2500人');
    const students = v1.body.content.indicators.find((i: { name: string }) => i.name === '受益学生人数');
    expect(students).toMatchObject({ operator: 'gte', targetValue: 2500, unit: '人' });

    const returned = await h.call('POST', `/api/v1/target-reviews/${v1.body.id}/return`, {
      body: {
        criteria: { feasible: { met: false } },
        comments: [{ indicator: '受益学生人数', comment: '请按新增学位数核定，不超过1800人' }],
        opinion: '请修改后重新报送',
      },
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const answered = await h.call('POST', `/api/v1/target-reviews/${v1.body.id}/answers`, {
      token: h.tokens.officerA,
      body: { indicator: '受益学生人数', answer: '已按新增学位数核定为1800人' },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.comments[0]).toMatchObject({
      answer: '已按新增学位数核定为1800人',
      answeredBy: { name: '李教育' },
    });
    const foreign = await h.call('POST', `/api/v1/target-reviews/${v1.body.id}/answers`, {
      token: h.tokens.officerB,
      body: { indicator: '受益学生人数', answer: '不是我的' },
    });
    expect(foreign.status).toBe(404);

    const again = await exported(`/api/v1/items/${itemId}/targets/export`);
    const ws2 = again.worksheets[0] as ExcelJS.Worksheet;
    expect(rowOf(ws2, '受益学生人数').getCell(5).value).toBe('≥2500人');
    rowOf(ws2, '受益学生人数').getCell(5).value = '≥1800人';
    const v2 = await upload(`/api/v1/items/${itemId}/targets/import`, await bytes(again));
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body.changes).toMatchObject({
      since: 1,
      changed: [{ name: '受益学生人数', fields: [{ field: 'targetValue', before: 2500, after: 1800 }] }],
    });
    const approved = await h.call('POST', `/api/v1/target-reviews/${v2.body.id}/approve`, {
      body: { criteria: ALL_CRITERIA_MET },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');
  });

  it('refuses a form with mistakes, naming sheet, row and column, and writes nothing', async () => {
    const itemId = await newItem();
    const wb = await exported(`/api/v1/items/${itemId}/targets/export`);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const row = rowOf(ws, '工程验收合格率');
    row.getCell(6).value = '二十';
    rowOf(ws, '改造校舍面积').getCell(5).value = '';
    const before = await counts();
    const res = await upload(`/api/v1/items/${itemId}/targets/import`, await bytes(wb));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('工作簿有误，未导入任何数据');
    expect(res.body.details.issues).toEqual(
      expect.arrayContaining([
        { path: `工作表“绩效目标申报表”第${row.number}行F列`, message: '分值“二十”不是数字' },
        { path: expect.stringMatching(/^工作表“绩效目标申报表”第\d+行E列$/), message: '指标值为空' },
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a form that fails the quality checks or belongs to another item, and writes nothing', async () => {
    const itemId = await newItem();
    const other = await newItem();
    const wb = await exported(`/api/v1/items/${itemId}/targets/export`);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    rowOf(ws, '工程验收合格率').getCell(6).value = 5;
    const before = await counts();
    const weights = await upload(`/api/v1/items/${itemId}/targets/import`, await bytes(wb));
    expect(weights.status).toBe(400);
    expect(weights.body.message).toContain('绩效目标未通过质量检查');
    expect(weights.body.message).toContain('权重');
    const wrongItem = await upload(`/api/v1/items/${other}/targets/import`, await bytes(wb));
    expect(wrongItem.status).toBe(400);
    expect(wrongItem.body.message).toContain('不是本项目');
    const wrongYear = await upload(`/api/v1/items/${itemId}/targets/import?fiscalYear=2027`, await bytes(wb));
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.message).toContain('与所选的2027年度不符');
    expect(await counts()).toEqual(before);
    const target = await h.call('GET', `/api/v1/items/${itemId}/targets`, { token: h.tokens.officerA });
    expect(target.body.targets[0].status).toBe('draft');
  });

  it('gives hostile files a clear refusal and writes nothing', async () => {
    const itemId = await newItem();
    const path = `/api/v1/items/${itemId}/targets/import`;
    const before = await counts();
    const cases: Array<[string, Buffer | Uint8Array, number, string]> = [
      ['not a workbook', Buffer.from('%PDF-1.4\n%%EOF\n'), 400, '文件不是 Excel 工作簿'],
      ['zip bomb', await zipBomb(120 * 1024 * 1024), 400, '疑似压缩炸弹'],
      [
        'password-protected',
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(512),
          Buffer.from('EncryptedPackage', 'utf16le'),
        ]),
        400,
        '设置了打开密码',
      ],
      ['50 MB', Buffer.alloc(50 * 1024 * 1024, 1), 413, '工作簿过大'],
    ];
    const long = new ExcelJS.Workbook();
    const sheet = long.addWorksheet('绩效目标');
    sheet.addRow(['一级指标', '二级指标', '三级指标', '指标值', '分值']);
    for (let i = 0; i < 300; i++) sheet.addRow(['产出指标', '数量指标', `指标${i}`, '≥1个', 1]);
    cases.push(['more rows than configured', await bytes(long), 400, '超过200行']);
    for (const [what, file, status, message] of cases) {
      const res = await upload(path, file);
      expect(res.status, what).toBe(status);
      expect(res.body.message, what).toContain(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('is refused to whoever may not write targets, before the file is read', async () => {
    const itemId = await newItem();
    const wb = await exported(`/api/v1/items/${itemId}/targets/export`);
    const res = await upload(`/api/v1/items/${itemId}/targets/import`, await bytes(wb), h.tokens.officerB);
    expect([403, 404]).toContain(res.status);
    const seen = await h.request(`/api/v1/items/${itemId}/targets/export`, {
      method: 'GET',
      token: h.tokens.officerB,
    });
    expect(seen.status).toBe(404);
  });

  it('exports and imports the whole-cycle target of a multi-year item', async () => {
    seq++;
    const res = await h.call('POST', '/api/v1/items', {
      token: h.tokens.officerA,
      body: {
        code: `FORM-${seq}`,
        name: `校舍三年改造${seq}`,
        kind: 'project',
        fundTypeId: 'test-fund',
        orgUnitId: h.city.orgs.deptA,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2028,
        approvedAmountFen: 2_000_000_00,
        responsiblePerson: '张',
        isNew: false,
        sector: 'education',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as number;
    await h.call('PUT', `/api/v1/items/${id}/targets`, {
      token: h.tokens.officerA,
      body: completeTarget(null),
    });
    const wb = await exported(`/api/v1/items/${id}/targets/export?fiscalYear=cycle`);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(String(ws.getCell('A1').value)).toContain('全周期');
    expect(ws.getCell('A8').value).toBe('总体目标');
    const refused = await upload(`/api/v1/items/${id}/targets/import?fiscalYear=2026`, await bytes(wb));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('申报表为全周期，与所选的2026年度不符');
    const v = await upload(`/api/v1/items/${id}/targets/import`, await bytes(wb));
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body.fiscalYear).toBeNull();
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await h.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/items/{id}/targets/export',
        '/api/v1/items/{id}/targets/import',
        '/api/v1/org-units/{orgUnitId}/department-target/export',
        '/api/v1/org-units/{orgUnitId}/department-target/import',
      ]),
    );
  });
});

describe('批量导入 (one 申报表 per sheet)', () => {
  function batch(codes: string[], weightOfFirst = 30): ExcelJS.Workbook {
    const wb = new ExcelJS.Workbook();
    for (const code of codes) {
      const ws = wb.addWorksheet(code);
      ws.addRow(['项目支出绩效目标申报表（2026年度）']);
      ws.addRow(['项目编码', code]);
      ws.addRow(['年度总体目标', '完成校舍改造，改善办学条件']);
      ws.addRow(['一级指标', '二级指标', '三级指标', '指标值', '分值']);
      for (const [i, ind] of completeTarget(2026).indicators.entries()) {
        const value = ind.operator === 'gte' ? `≥${ind.targetValue}${ind.unit}` : `${ind.targetText}`;
        ws.addRow([
          ind.level1 === 'output' ? '产出指标' : ind.level1 === 'benefit' ? '效益指标' : '满意度指标',
          {
            quantity: '数量指标',
            quality: '质量指标',
            social: '社会效益指标',
            satisfaction: '服务对象满意度指标',
            timeliness: '时效指标',
            cost: '成本指标',
          }[ind.level2 as string] ?? ind.level2,
          ind.name,
          value,
          i === 0 && code === codes[codes.length - 1] ? weightOfFirst : ind.weight,
        ]);
      }
    }
    return wb;
  }

  it('submits every sheet’s target in one go, or none of them', async () => {
    const ids = [await newItem(), await newItem(), await newItem()];
    const codes = [seq - 2, seq - 1, seq].map((n) => `FORM-${n}`);
    const before = await counts();
    const refused = await upload('/api/v1/targets/import', await bytes(batch(codes, 99)));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(`工作表“${codes[2]}”`);
    expect(await counts()).toEqual(before);
    const unknown = await upload('/api/v1/targets/import', await bytes(batch([...codes, 'NOPE-1'])));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('项目编码NOPE-1不存在或不在您的数据范围内');
    const done = await upload('/api/v1/targets/import', await bytes(batch(codes)));
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body.submitted).toBe(3);
    // The batch's audit entries are appended in one go, and the chain still verifies.
    const verified = await h.call('GET', `/api/v1/items/${ids[0]}/audit/verify`);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.ok).toBe(true);
    for (const id of ids) {
      const t = await h.call('GET', `/api/v1/items/${id}/targets`, { token: h.tokens.officerA });
      expect(t.body.targets[0].status).toBe('submitted');
    }
  });
});

describe('部门整体支出绩效目标申报表 through the API', () => {
  it('a department fills in the exported form and it goes to review', async () => {
    const path = `/api/v1/org-units/${h.city.orgs.deptA}/department-target`;
    const wb = await exported(`${path}/export?fiscalYear=2026`);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('B2').value).toBe('景德镇市教育局');
    ws.getCell('B3').value = '全面完成年度教育事业发展目标';
    const lines: Array<[string, string, string, number]> = [
      ['履职效能', '义务教育巩固率', '≥99%', 50],
      ['运行成本', '“三公”经费支出', '≤120万元', 10],
      ['管理效率', '预算执行率', '≥90%', 10],
      ['社会效应', '新增学位', '≥2000个', 10],
      ['可持续发展能力', '教师培训覆盖率', '=100%', 10],
      ['服务对象满意度', '家长满意度', '≥90%', 10],
    ];
    lines.forEach(([dimension, name, value, weight], i) => {
      const row = ws.getRow(5 + i);
      row.getCell(2).value = dimension;
      row.getCell(4).value = name;
      row.getCell(5).value = value;
      row.getCell(6).value = weight;
    });
    const res = await upload(`${path}/import`, await bytes(wb));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ subject: 'department', status: 'submitted', fiscalYear: 2026 });
    expect(res.body.content.indicators).toHaveLength(6);

    const badWeights = new ExcelJS.Workbook();
    await badWeights.xlsx.load((await bytes(wb)) as unknown as ArrayBuffer);
    const ws2 = badWeights.worksheets[0] as ExcelJS.Worksheet;
    ws2.getRow(5).getCell(6).value = 20;
    const before = await counts();
    const refused = await upload(
      `/api/v1/org-units/${h.city.orgs.deptB}/department-target/import`,
      await bytes(badWeights),
      h.tokens.officerB,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('权重合计');
    expect(await counts()).toEqual(before);
  });
});
