/**
 * What a notice (a message its recipient signs for with 收到) is about: a warning (`warning:12`),
 * a rectification task (`task:5`), one sweep run's 预警汇总 (`warning_batch:<run>`), an evaluation
 * result fed back to the department (`evaluation_result:3`) or an issued 预算安排建议 (`budget_proposal:4`).
 */
export const NOTICE_SUBJECT = /^(warning|task|warning_batch|evaluation_result|budget_proposal):\d{1,9}$/;

export const NOTICE_SUBJECT_HINT =
  'subject 须为 warning:<编号>、task:<编号>、warning_batch:<扫描编号>、evaluation_result:<编号> 或 budget_proposal:<编号>';

/** How people read a `warning_batch:<run>` subject. */
export function warningBatchTitle(runId: number | string): string {
  return `第 ${runId} 次监控扫描的预警汇总`;
}
