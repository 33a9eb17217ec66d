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

/** An assessment as the 通报 needs it (structural: the db's stored scores fit). */
export interface RankingNoticeInput {
  regionName: string;
  fiscalYear: number;
  issuedOn: string;
  scores: ReadonlyArray<{
    name: string;
    partyKind: 'department' | 'county';
    total: number;
    rank: number;
    outcome: 'commended' | 'interviewed' | null;
    indicators: ReadonlyArray<{ name: string; points: number; score: number; evidence: string }>;
  }>;
  /** Days the interviewed have to rectify. */
  deadlineDays: number;
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 20 })] })] });

/**
 * 预算绩效管理工作考核通报 (DI-6) as a Word document: the ranking table, commendations, the
 * interviewed with their deadline, and each interviewed party's points lost with the evidence.
 */
export async function rankingNoticeDocx(input: RankingNoticeInput): Promise<Buffer> {
  const commended = input.scores.filter((s) => s.outcome === 'commended').map((s) => s.name);
  const interviewed = input.scores.filter((s) => s.outcome === 'interviewed');
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      text: `关于${input.fiscalYear}年度预算绩效管理工作考核情况的通报`,
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
    }),
    new Paragraph({
      text: `根据预算绩效管理工作考核办法，${input.regionName}财政局依据系统记录的绩效目标报送、审核、运行监控、预警处置、问题整改和信息公开等情况，对各部门和县（区）财政部门${input.fiscalYear}年度预算绩效管理工作进行了考核。现将结果通报如下。`,
    }),
    new Paragraph({ text: '一、考核排名', heading: HeadingLevel.HEADING_1 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          children: ['排名', '单位', '得分', '考核结果'].map((h) => cell(h, true)),
        }),
        ...input.scores.map(
          (s) =>
            new TableRow({
              children: [
                cell(String(s.rank)),
                cell(s.name),
                cell(String(s.total)),
                cell(
                  s.outcome === 'commended'
                    ? '通报表扬'
                    : s.outcome === 'interviewed'
                      ? '约谈并限期整改'
                      : '',
                ),
              ],
            }),
        ),
      ],
    }),
    new Paragraph({ text: '二、通报表扬', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text:
        commended.length > 0
          ? `${commended.join('、')}预算绩效管理工作成效突出，予以通报表扬。`
          : '本年度无。',
    }),
    new Paragraph({ text: '三、约谈和限期整改', heading: HeadingLevel.HEADING_1 }),
  ];
  if (interviewed.length === 0) children.push(new Paragraph({ text: '本年度无。' }));
  for (const s of interviewed) {
    children.push(
      new Paragraph({
        text: `${s.name}（${s.total} 分，第 ${s.rank} 名）：予以约谈，并于 ${input.deadlineDays} 日内完成整改。主要失分：`,
      }),
      ...s.indicators
        .filter((i) => i.score < i.points)
        .map(
          (i) =>
            new Paragraph({
              text: `· ${i.name}：得 ${i.score}/${i.points} 分，${i.evidence}`,
              indent: { left: 400 },
            }),
        ),
    );
  }
  children.push(
    new Paragraph({ text: '考核结果纳入政府绩效考核。请各单位对照失分项认真整改。' }),
    new Paragraph({ text: `${input.regionName}财政局`, alignment: AlignmentType.RIGHT }),
    new Paragraph({ text: input.issuedOn, alignment: AlignmentType.RIGHT }),
  );
  const doc = new Document({
    creator: '绩效通',
    title: `${input.fiscalYear}年度预算绩效管理工作考核通报`,
    styles: { default: { document: { run: { font: 'FangSong', size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
