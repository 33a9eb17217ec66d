import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/** What a key evaluation's report (绩效评价报告) is written from; the caller gathers it from the data. */
export interface EvaluationReportInput {
  title: string;
  kindLabel: string;
  /** The item (name and code) or the department evaluated. */
  subject: string;
  orgUnitName: string;
  fiscalYear: number;
  carrierLabel: string;
  institutionName: string | null;
  templateName: string;
  aggregationLabel: string;
  statusLabel: string;
  panel: ReadonlyArray<{ name: string; title: string; employer: string }>;
  lines: ReadonlyArray<{
    key: string;
    dimension: string;
    name: string;
    weight: number;
    scoring: string;
    expertScores: readonly number[];
    score: number | null;
  }>;
  dimensions: ReadonlyArray<{ name: string; weight: number; score: number }>;
  total: number;
  gradeLabel: string;
  summary: string | null;
  findings: string;
  recommendations: string;
  methods: ReadonlyArray<{ label: string; note: string | null; result: string }>;
  evidence: ReadonlyArray<{ title: string; fileName: string | null; sha256: string | null }>;
  /** Dates as officials read them (e.g. 2026年8月31日). */
  reportedOn: string | null;
  acceptedOn: string | null;
}

const FONT = '仿宋';
const text = (t: string, bold = false) => new TextRun({ text: t, bold, font: FONT, size: 24 });
const para = (t: string, bold = false) =>
  new Paragraph({ children: [text(t, bold)], spacing: { after: 120 } });
const heading = (t: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_1,
    children: [new TextRun({ text: t, font: '黑体', size: 30 })],
  });
const cell = (t: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [text(t, bold)] })] });
const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
/** Paragraphs of free text, one per line the author wrote. */
const block = (t: string) =>
  t
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => para(l));
const num = (x: number | null) => (x === null ? '—' : String(Math.round(x * 100) / 100));

/**
 * 绩效评价报告 as a Word document, written from the evaluation's data (docx): basic facts, the
 * panel, the indicator system with every expert's scores and the line's score by the rule, the
 * result by dimension, findings, recommendations, the methods used with their results, and the
 * evidence list.
 */
export async function buildEvaluationReport(r: EvaluationReportInput): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: r.title, bold: true, font: '方正小标宋简体', size: 36 })],
      spacing: { after: 240 },
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [text(`${r.fiscalYear}年度 ${r.kindLabel}绩效评价报告`)],
      spacing: { after: 240 },
    }),
    heading('一、基本情况'),
    table(
      ['项目', '内容'],
      [
        ['评价对象', r.subject],
        ['被评价单位', r.orgUnitName],
        ['评价年度', `${r.fiscalYear}年`],
        ['评价方式', r.institutionName ? `${r.carrierLabel}（${r.institutionName}）` : r.carrierLabel],
        ['指标体系', r.templateName],
        ['专家评分汇总规则', r.aggregationLabel],
        ['状态', r.statusLabel],
      ],
    ),
    heading('二、评价组'),
    table(
      ['序号', '姓名', '职称', '工作单位'],
      r.panel.map((p, i) => [String(i + 1), p.name, p.title, p.employer]),
    ),
    heading('三、评价结论'),
    para(`综合得分：${num(r.total)}分，评价等级：${r.gradeLabel}。`, true),
    ...(r.summary ? block(r.summary) : []),
    table(
      ['一级指标', '分值', '得分'],
      r.dimensions.map((d) => [d.name, num(d.weight), num(d.score)]),
    ),
    heading('四、指标评分明细'),
    table(
      ['编号', '一级指标', '指标', '分值', '评分标准', '专家评分', '得分'],
      r.lines.map((l) => [
        l.key,
        l.dimension,
        l.name,
        num(l.weight),
        l.scoring,
        l.expertScores.map((s) => num(s)).join('、') || '—',
        num(l.score),
      ]),
    ),
    heading('五、主要问题'),
    ...block(r.findings),
    heading('六、意见建议'),
    ...block(r.recommendations),
  ];
  if (r.methods.length) {
    children.push(heading('七、评价方法'));
    for (const m of r.methods) {
      children.push(para(`${m.label}：${m.result}`));
      if (m.note) children.push(para(`说明：${m.note}`));
    }
  }
  children.push(heading(r.methods.length ? '八、证据清单' : '七、证据清单'));
  children.push(
    r.evidence.length
      ? table(
          ['序号', '证据', '文件', 'SHA-256'],
          r.evidence.map((e, i) => [
            String(i + 1),
            e.title,
            e.fileName ?? '（纸质或外部材料）',
            e.sha256 ?? '—',
          ]),
        )
      : para('（无）'),
  );
  if (r.reportedOn) children.push(para(`报告提交日期：${r.reportedOn}`));
  if (r.acceptedOn) children.push(para(`财政验收日期：${r.acceptedOn}`));
  const doc = new Document({
    creator: '绩效通',
    title: r.title,
    description: `${r.subject} 绩效评价报告`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
