import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  columnLetter,
  DEFAULT_WORKBOOK_LIMITS,
  neutralise,
  readWorkbook,
  unneutralise,
  WorkbookProblems,
} from '../src/index.ts';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A zip holding one part of `size` zero bytes, plus the parts that make it look like a workbook. */
function zipBomb(size: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  zip.addBuffer(Buffer.from('<workbook/>'), 'xl/workbook.xml');
  const chunk = Buffer.alloc(1024 * 1024);
  let left = size;
  const zeros = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(chunk.subarray(0, n));
    },
  });
  zip.addReadStream(zeros, 'xl/worksheets/sheet1.xml');
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (b: Buffer) => parts.push(b));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: { code?: string; message: string }) => ({ code: err.code, message: err.message }),
  );

describe('reading a workbook', () => {
  it('gives every sheet as text, with numbers, rich text and formula results read as shown', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('绩效目标');
      ws.addRow(['一级指标', '二级指标', '三级指标', '指标值']);
      ws.addRow(['产出指标', '数量指标', '新建公租房', '≥200套']);
      ws.addRow([null, null, '竣工验收合格率', { richText: [{ text: '=' }, { text: '100%' }] }]);
      ws.addRow(['效益指标', '社会效益指标', '资金', { formula: '1+1', result: 2 }]);
      wb.addWorksheet('说明').addRow(['本表由系统导出']);
    });
    const sheets = await readWorkbook(file);
    expect(sheets.map((s) => s.name)).toEqual(['绩效目标', '说明']);
    expect(sheets[0]?.rows).toEqual([
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '新建公租房', '≥200套'],
      ['', '', '竣工验收合格率', '=100%'],
      ['效益指标', '社会效益指标', '资金', '2'],
    ]);
  });

  it('takes back what our export neutralised against formula injection, and only that', async () => {
    for (const text of ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '≥95%', "'quoted"]) {
      expect(unneutralise(neutralise(text))).toBe(text);
    }
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('≥95%')).toBe('≥95%');
    const file = await workbook((wb) => wb.addWorksheet('s').addRow([neutralise('=cmd|calc')]));
    expect((await readWorkbook(file))[0]?.rows[0]).toEqual(['=cmd|calc']);
  });
});

describe('hostile files are refused with a Chinese reason before anything is parsed', () => {
  it('not a workbook', async () => {
    expect(await refusal(readWorkbook(Buffer.from('项目名称,金额\n教学楼,100\n')))).toEqual({
      code: 'invalid_input',
      message: '文件不是 Excel 工作簿（.xlsx）',
    });
  });

  it('a zip that is not a workbook, and a truncated one', async () => {
    const notWorkbook = await zipBomb(10);
    const broken = notWorkbook.subarray(0, notWorkbook.length - 30);
    expect((await refusal(readWorkbook(broken))).message).toContain('可能已损坏');
  });

  it('a zip bomb, whatever sizes its headers claim', async () => {
    const bomb = await zipBomb(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const r = await refusal(
      readWorkbook(bomb, { ...DEFAULT_WORKBOOK_LIMITS, maxUnpackedBytes: 16 * 1024 * 1024 }),
    );
    expect(r.message).toBe('工作簿解压后超过16MB（疑似压缩炸弹），拒绝导入');
  });

  it('a password-protected workbook and a legacy .xls', async () => {
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = Buffer.concat([header, Buffer.alloc(512), Buffer.from('EncryptedPackage', 'utf16le')]);
    expect((await refusal(readWorkbook(encrypted))).message).toContain('设置了打开密码');
    const xls = Buffer.concat([header, Buffer.alloc(512), Buffer.from('Workbook', 'utf16le')]);
    expect((await refusal(readWorkbook(xls))).message).toContain('.xls');
  });

  it('a 50 MB file', async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(50 * 1024 * 1024)]);
    expect((await refusal(readWorkbook(big))).message).toBe('文件过大（50MB），导入的工作簿不能超过10MB');
  });

  it('more rows than configured', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('支付');
      for (let i = 0; i < 120; i++) ws.addRow([`第${i}笔`, i]);
    });
    const r = await refusal(readWorkbook(file, { ...DEFAULT_WORKBOOK_LIMITS, maxRowsPerSheet: 100 }));
    expect(r.message).toBe('工作表“支付”超过100行，请分批导入');
  });
});

describe('naming places in a workbook', () => {
  it('letters columns as Excel does and refuses the whole workbook with every problem listed', () => {
    expect([1, 4, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'D', 'Z', 'AA', 'AZ', 'AAA']);
    const problems = new WorkbookProblems();
    problems.add({ sheet: '绩效目标', row: 7, column: 4 }, '指标值“≥abc”无法读取');
    problems.add({ sheet: '绩效目标', row: 9, column: 5 }, '权重须为数字');
    expect(() => problems.throwIfAny()).toThrow(
      '工作簿有误，未导入任何数据：工作表“绩效目标”第7行D列：指标值“≥abc”无法读取；工作表“绩效目标”第9行E列：权重须为数字',
    );
    expect(() => new WorkbookProblems().throwIfAny()).not.toThrow();
  });
});
