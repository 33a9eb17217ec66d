/**
 * What a notice (a message its recipient signs for with 收到) is about: a warning (`warning:12`),
 * a rectification task (`task:5`), one sweep run's 预警汇总 (`warning_batch:<run>`) or the reminder of a
 * budget year's assessments and targets still to do (`target_reminder:2027`).
 */
export const NOTICE_SUBJECT = /^(warning|task|warning_batch|target_reminder):\d{1,9}$/;

export const NOTICE_SUBJECT_HINT =
  'subject 须为 warning:<编号>、task:<编号>、warning_batch:<扫描编号> 或 target_reminder:<预算年度>';

/** How people read a `warning_batch:<run>` subject. */
export function warningBatchTitle(runId: number | string): string {
  return `第 ${runId} 次监控扫描的预警汇总`;
}
