import {
  formatWanYuan,
  type PublicBlock,
  type PublicSnapshot,
  type PublicSubject,
  type PublicValue,
} from '@jixiao/core';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { neutralise } from './text.ts';

/** A published set as the congress package needs it (structural: the db's published set fits). */
export interface CongressPackageInput {
  title: string;
  draftLabel: string;
  version: number;
  publishOn: string;
  note: string | null;
  snapshot: PublicSnapshot;
  /** Charts as PNG (the same charts as the public site), with what each shows in words. */
  charts: ReadonlyArray<{ png: Uint8Array; width: number; height: number; description: string }>;
  generatedAt: Date;
}

const shown = (v: PublicValue) => (v === null || v === '' ? '—' : String(v));

/** Sections in the order they first appear, with their titles. */
function sectionsOf(s: PublicSnapshot): Array<{ section: string; title: string }> {
  const seen = new Map<string, string>();
  for (const subj of s.subjects)
    for (const b of subj.blocks) if (!seen.has(b.section)) seen.set(b.section, b.title);
  return [...seen].map(([section, title]) => ({ section, title }));
}

const SECTION_HEADINGS: Readonly<Record<string, string>> = {
  department_targets: '部门整体绩效目标',
  item_targets: '重大政策和项目绩效目标',
  execution: '预算执行情况',
  rectification: '问题整改情况',
};

const headingOf = (s: { section: string; title: string }) => SECTION_HEADINGS[s.section] ?? s.title;

function summary(s: PublicSnapshot): string[] {
  const items = s.subjects.filter((x) => x.kind === 'item');
  let budget = 0;
  let paid = 0;
  let tasks = 0;
  let done = 0;
  for (const i of items)
    for (const b of i.blocks) {
      budget += b.metrics.budgetFen ?? 0;
      paid += b.metrics.paidFen ?? 0;
      tasks += b.metrics.tasks ?? 0;
      done += b.metrics.tasksDone ?? 0;
    }
  const lines = [
    `本次公开涉及 ${s.departments.length} 个部门、${items.length} 个重大政策和项目。`,
    `重点项目预算合计 ${formatWanYuan(budget)}，已支出 ${formatWanYuan(paid)}，执行率 ${budget > 0 ? Math.round((paid / budget) * 1000) / 10 : 0}%。`,
  ];
  if (tasks > 0) lines.push(`发现问题 ${tasks} 项，已完成整改 ${done} 项。`);
  return lines;
}

// ---- DOCX ----

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function cell(text: string, bold = false): TableCell {
  return new TableCell({
    borders,
    children: [new Paragraph({ children: [new TextRun({ text, bold, size: 20 })] })],
  });
}

function docxTable(header: readonly string[], rows: readonly (readonly PublicValue[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: header.map((_, i) => cell(shown(r[i] ?? null))) })),
    ],
  });
}

function blockDocx(subject: PublicSubject, b: PublicBlock): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [
    new Paragraph({ text: subject.name, heading: HeadingLevel.HEADING_2 }),
  ];
  if (b.fields.length > 0)
    out.push(
      docxTable(
        ['项目', '内容'],
        b.fields.map((f) => [f.label, f.value]),
      ),
    );
  if (b.table && b.table.rows.length > 0) {
    out.push(new Paragraph({ text: '' }), docxTable(b.table.columns, b.table.rows));
  }
  return out;
}

/**
 * 同步报送人大: the DOCX report of a published set — summary, the charts, then every section
 * (department-wide targets, targets of major policies and projects, execution, rectification, and
 * any section added later such as evaluation results) with its tables.
 */
export async function congressReportDocx(input: CongressPackageInput): Promise<Buffer> {
  const s = input.snapshot;
  const children: Array<Paragraph | Table> = [
    new Paragraph({ text: input.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun(
          `（随${input.draftLabel}报送，第 ${input.version} 版，${input.publishOn} 向社会公开${input.note ? `；更正说明：${input.note}` : ''}）`,
        ),
      ],
    }),
    new Paragraph({ text: '一、总体情况', heading: HeadingLevel.HEADING_1 }),
    ...summary(s).map((t) => new Paragraph({ text: t })),
  ];
  if (input.charts.length > 0) {
    children.push(new Paragraph({ text: '二、图表', heading: HeadingLevel.HEADING_1 }));
    for (const c of input.charts) {
      const width = 600;
      const height = Math.round((c.height / c.width) * width);
      children.push(
        new Paragraph({
          children: [
            new ImageRun({
              type: 'png',
              data: c.png,
              transformation: { width, height },
              altText: {
                name: c.description.slice(0, 60),
                description: c.description,
                title: c.description.slice(0, 60),
              },
            }),
          ],
        }),
        new Paragraph({ children: [new TextRun({ text: c.description, size: 18, color: '555555' })] }),
      );
    }
  }
  const numbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const first = input.charts.length > 0 ? 2 : 1;
  sectionsOf(s).forEach((sec, i) => {
    const n = numbers[first + i] ?? String(first + i + 1);
    children.push(new Paragraph({ text: `${n}、${headingOf(sec)}`, heading: HeadingLevel.HEADING_1 }));
    for (const subj of s.subjects)
      for (const b of subj.blocks) if (b.section === sec.section) children.push(...blockDocx(subj, b));
  });
  children.push(
    new Paragraph({
      children: [
        new TextRun({
          text: `本报告由绩效通依据已审定的公开版本生成（${input.generatedAt.toISOString().slice(0, 10)}），个人信息和内部事项不在其中。`,
          size: 18,
          color: '555555',
        }),
      ],
    }),
  );
  const doc = new Document({
    creator: '绩效通',
    title: input.title,
    styles: { default: { document: { run: { font: 'SimSun', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

// ---- XLSX ----

/**
 * The standard tables as a workbook: 说明, then one sheet per section with one row per indicator
 * (or per subject where a section has no table): department, code, name, the section's fields
 * and its table's columns.
 */
export async function congressWorkbook(input: CongressPackageInput): Promise<Buffer> {
  const s = input.snapshot;
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  wb.created = input.generatedAt;
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 16 }, { width: 80 }];
  for (const [k, v] of [
    ['标题', input.title],
    ['报送依据', input.draftLabel],
    ['公开版本', `第 ${input.version} 版`],
    ['公开日期', input.publishOn],
    ['更正说明', input.note ?? '—'],
    ...summary(s).map((t, i) => [i === 0 ? '总体情况' : '', t]),
  ] as Array<[string, string]>) {
    about.addRow([k, neutralise(v)]);
  }
  const deptName = new Map(s.departments.map((d) => [d.key, d.name]));
  const used = new Set<string>();
  for (const sec of sectionsOf(s)) {
    let name = headingOf(sec).slice(0, 28);
    while (used.has(name)) name = `${name.slice(0, 26)}_${used.size}`;
    used.add(name);
    const blocks = s.subjects.flatMap((subj) =>
      subj.blocks.filter((b) => b.section === sec.section).map((b) => ({ subj, b })),
    );
    const fieldLabels = [...new Set(blocks.flatMap(({ b }) => b.fields.map((f) => f.label)))];
    const columns = [...new Set(blocks.flatMap(({ b }) => b.table?.columns ?? []))];
    const ws = wb.addWorksheet(name);
    const header = ['所属部门', '编号', '名称', ...fieldLabels, ...columns];
    ws.addRow(header).font = { bold: true };
    ws.columns = header.map((h) => ({ width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
    for (const { subj, b } of blocks) {
      const head: PublicValue[] = [
        subj.departmentKey ? (deptName.get(subj.departmentKey) ?? '') : subj.name,
        subj.key,
        subj.name,
        ...fieldLabels.map((l) => b.fields.find((f) => f.label === l)?.value ?? null),
      ];
      const rows = b.table && b.table.rows.length > 0 ? b.table.rows : [[]];
      for (const r of rows) {
        const t = b.table;
        const tail = columns.map((c) => {
          const i = t ? t.columns.indexOf(c) : -1;
          return i >= 0 ? (r[i] ?? null) : null;
        });
        ws.addRow([...head, ...tail].map((v) => (typeof v === 'string' ? neutralise(v) : v)));
      }
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
