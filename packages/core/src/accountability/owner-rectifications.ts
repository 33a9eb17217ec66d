import { RECTIFICATION_STATUS_LABELS, type RectificationStatus } from '../workflows/rectification.ts';

/** An open rectification on a project the owner answers for, with where accountability stands. */
export interface OwnerRectification {
  taskId: number;
  item: { id: number; code: string; name: string };
  requirement: string;
  deadline: string;
  status: RectificationStatus;
  /** Days past the deadline (0 when not overdue). */
  overdueDays: number;
  /** From an evaluation result's finding (the result registry), not a warning or audit. */
  fromResult: boolean;
  /** A major project: its owner answers for it for life (绩效终身责任追究). */
  lifetime: boolean;
  /** Accountability cases open on the item (问责调查中). */
  openCases: Array<{ id: number; finding: string }>;
}

/**
 * One rectification as its project owner reads it (§十五): deadline, whether overdue, and whether
 * an accountability case is open or the project is a major one owned for life. `text` escapes the
 * people's own words for the channel's markup.
 */
export function ownerRectificationLine(
  r: OwnerRectification,
  text: (s: string) => string = (s) => s,
): string {
  const due = r.overdueDays > 0 ? `**已逾期 ${r.overdueDays} 天**` : '未逾期';
  const accountability = [
    ...r.openCases.map((c) => `问责调查中（问责事项 #${c.id}）`),
    ...(r.lifetime ? ['重大项目，责任人终身追责'] : []),
  ];
  return `#${r.taskId} **${text(r.item.name)}**（${text(r.item.code)}）${RECTIFICATION_STATUS_LABELS[r.status]}，期限 ${r.deadline}，${due}${
    r.fromResult ? '，评价结果整改' : ''
  }${accountability.length ? `；${accountability.join('；')}` : ''}\n   要求：${text(r.requirement)}`;
}
