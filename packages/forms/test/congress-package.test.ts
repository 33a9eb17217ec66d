import type { PublicSnapshot } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { congressReportDocx, congressWorkbook, rankingNoticeDocx } from '../src/index.ts';

const snapshot: PublicSnapshot = {
  regionName: '景德镇市',
  fiscalYear: 2026,
  draft: 'budget',
  departments: [{ key: 'EDU', name: '景德镇市教育局' }],
  subjects: [
    {
      kind: 'department',
      key: 'EDU',
      name: '景德镇市教育局',
      departmentKey: 'EDU',
      blocks: [
        {
          section: 'department_targets',
          title: '部门整体绩效目标',
          fields: [{ label: '总体目标', value: '全面完成年度教育工作任务' }],
          table: {
            columns: ['维度', '指标名称', '目标值', '权重'],
            rows: [['履职效能', '重点工作任务完成率', '≥95%', 30]],
          },
          metrics: {},
        },
      ],
    },
    {
      kind: 'item',
      key: 'EDU-2026-001',
      name: '城区学校校舍改造',
      departmentKey: 'EDU',
      blocks: [
        {
          section: 'item_targets',
          title: '绩效目标',
          fields: [
            { label: '总体目标', value: '完成校舍改造，改善办学条件' },
            { label: '预算金额', value: '1,000.00万元' },
          ],
          table: {
            columns: ['一级指标', '二级指标', '指标名称', '目标值', '权重'],
            rows: [
              ['产出指标', '数量指标', '改造校舍面积', '≥12000平方米', 30],
              ['满意度指标', '服务对象满意度指标', '=HYPERLINK("x")', '≥90%', 10],
            ],
          },
          metrics: { indicators: 2 },
        },
        {
          section: 'execution',
          title: '预算执行',
          fields: [{ label: '执行率', value: '40%' }],
          metrics: { budgetFen: 1_000_000_00, paidFen: 400_000_00 },
        },
        {
          section: 'evaluation_results',
          title: '评价结果',
          fields: [{ label: '评价等级', value: '良' }],
          metrics: {},
        },
      ],
    },
  ],
};

// A 1×1 PNG.
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const input = {
  title: '景德镇市2026年重点绩效目标和绩效信息',
  draftLabel: '预算草案',
  version: 2,
  publishOn: '2026-11-27',
  note: '补充公开各部门整体绩效目标',
  snapshot,
  charts: [{ png: PNG, width: 640, height: 320, description: '各部门重点项目预算执行率：景德镇市教育局40%' }],
  generatedAt: new Date('2026-11-27T04:00:00Z'),
};

function unzipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not found`)));
      zip.readEntry();
    });
  });
}

describe('the congress package (同步报送人大)', () => {
  it('writes a DOCX with the summary, the chart and every section, that opens as a Word document', async () => {
    const docx = await congressReportDocx(input);
    const xml = await unzipEntry(docx, 'word/document.xml');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const s of [
      '景德镇市2026年重点绩效目标和绩效信息',
      '更正说明：补充公开各部门整体绩效目标',
      '一、总体情况',
      '本次公开涉及 1 个部门、1 个重大政策和项目。',
      '执行率 40%',
      '二、图表',
      '三、部门整体绩效目标',
      '四、重大政策和项目绩效目标',
      '改造校舍面积',
      '五、预算执行情况',
      '六、评价结果',
      '评价等级',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(xml).toContain('descr="各部门重点项目预算执行率：景德镇市教育局40%"');
    await expect(
      unzipEntry(docx, 'word/media/image1.png').catch(() => unzipEntry(docx, 'word/media/1.png')),
    ).resolves.toBeDefined();
  });

  it('writes an XLSX with one standard table per section, read back row by row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await congressWorkbook(input)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      '部门整体绩效目标',
      '重大政策和项目绩效目标',
      '预算执行情况',
      '评价结果',
    ]);
    const targets = wb.getWorksheet('重大政策和项目绩效目标') as ExcelJS.Worksheet;
    const rows = targets.getSheetValues().slice(1) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual([
      '所属部门',
      '编号',
      '名称',
      '总体目标',
      '预算金额',
      '一级指标',
      '二级指标',
      '指标名称',
      '目标值',
      '权重',
    ]);
    expect(rows[1]?.slice(1)).toEqual([
      '景德镇市教育局',
      'EDU-2026-001',
      '城区学校校舍改造',
      '完成校舍改造，改善办学条件',
      '1,000.00万元',
      '产出指标',
      '数量指标',
      '改造校舍面积',
      '≥12000平方米',
      30,
    ]);
    // Text that a spreadsheet would run is kept as text.
    expect(rows[2]?.[8]).toBe(`'=HYPERLINK("x")`);
  });
});

describe('the ranking notice (通报)', () => {
  it('writes a DOCX with the ranking, the commended and the interviewed with their points lost', async () => {
    const docx = await rankingNoticeDocx({
      regionName: '景德镇市',
      fiscalYear: 2026,
      issuedOn: '2026-11-30',
      deadlineDays: 30,
      scores: [
        {
          name: '浮梁县财政局',
          partyKind: 'county',
          total: 95,
          rank: 1,
          outcome: 'commended',
          indicators: [],
        },
        {
          name: '景德镇市卫生健康委员会',
          partyKind: 'department',
          total: 80,
          rank: 2,
          outcome: 'interviewed',
          indicators: [
            { name: '绩效目标按时报送', points: 15, score: 0, evidence: '1项中0项按时报送绩效目标（0%）' },
          ],
        },
      ],
    });
    const xml = await unzipEntry(docx, 'word/document.xml');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('关于2026年度预算绩效管理工作考核情况的通报');
    expect(text).toContain('浮梁县财政局预算绩效管理工作成效突出，予以通报表扬。');
    expect(text).toContain('景德镇市卫生健康委员会（80 分，第 2 名）：予以约谈，并于 30 日内完成整改。');
    expect(text).toContain('绩效目标按时报送：得 0/15 分，1项中0项按时报送绩效目标（0%）');
  });
});
