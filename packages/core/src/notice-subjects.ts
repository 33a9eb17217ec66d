/**
 * What a notice (a message its recipient signs for with 收到) is about: a warning (`warning:12`),
 * a rectification task (`task:5`), a spot check's result (`spot_check:7`), a member of the public's
 * feedback (`feedback:3`), a ranking 通报 (`ranking:2`), one sweep run's 预警汇总 (`warning_batch:<run>`),
 * the reminder of a budget year's assessments and targets still to do (`target_reminder:2027`), an
 * evaluation result fed back to the department (`evaluation_result:3`) or an issued 预算安排建议
 * (`budget_proposal:4`).
 */
export const NOTICE_SUBJECT =
  /^(warning|task|warning_batch|spot_check|feedback|ranking|target_reminder|evaluation_result|budget_proposal|key_evaluation|spot_check_review|self_evaluation_reminder):\d{1,9}$/;

export const NOTICE_SUBJECT_HINT =
  'subject 须为 warning:<编号>、task:<编号>、spot_check:<抽查记录编号>、feedback:<编号>、ranking:<考核编号>、target_reminder:<预算年度>、evaluation_result:<编号>、budget_proposal:<编号>、key_evaluation:<评价编号>、spot_check_review:<抽查记录编号>、self_evaluation_reminder:<年度> 或 warning_batch:<扫描编号>';

/** How people read a `warning_batch:<run>` subject. */
export function warningBatchTitle(runId: number | string): string {
  return `第 ${runId} 次监控扫描的预警汇总`;
}
