import { QUALITATIVE_STATUSES } from '@jixiao/core';
import { z } from 'zod';

/** A write prepared in chat and waiting for the user's "确认". Stored in the user's memory. */
export const pendingActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('report_indicator'),
    itemId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    indicatorId: z.int(),
    indicatorName: z.string(),
    unit: z.string(),
    target: z.string(),
    actualValue: z.number().optional(),
    qualitativeStatus: QUALITATIVE_STATUSES.schema.optional(),
  }),
  z.object({
    kind: z.literal('submit_rectification'),
    taskId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    requirement: z.string(),
    submission: z.string(),
  }),
  z.object({
    kind: z.literal('create_task'),
    warningId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    assigneeUserId: z.int(),
    assigneeName: z.string(),
    deadline: z.string(),
    requirement: z.string(),
  }),
  z.object({
    kind: z.literal('explain_warning'),
    warningId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    explanation: z.string(),
  }),
  z.object({ kind: z.literal('digest'), subscribe: z.boolean() }),
  z.object({
    kind: z.literal('bind_group'),
    conversationId: z.string(),
    title: z.string().nullable(),
    orgUnitId: z.int(),
    orgName: z.string(),
  }),
  z.object({ kind: z.literal('unbind_group'), conversationId: z.string(), orgName: z.string() }),
  z.object({
    kind: z.literal('submit_self_evaluation'),
    itemId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    fiscalYear: z.int(),
    lines: z.array(z.object({ row: z.int(), actual: z.string(), deviationReason: z.string().nullable() })),
  }),
  z.object({
    kind: z.literal('review_task'),
    taskId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    decision: z.enum(['accept', 'return']),
    comment: z.string(),
  }),
  z.object({
    kind: z.literal('attach_file'),
    itemId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    downloadCode: z.string(),
    fileName: z.string(),
  }),
  z.object({
    kind: z.literal('answer_comment'),
    versionId: z.int(),
    targetName: z.string(),
    indicator: z.string(),
    answer: z.string(),
  }),
  z.object({
    kind: z.literal('review_target'),
    versionId: z.int(),
    targetName: z.string(),
    decision: z.enum(['approve', 'return']),
    opinion: z.string(),
    /** Indicators the reason names: the reason is recorded as their comment too (answerable in chat). */
    indicators: z.array(z.string()).default([]),
  }),
  z.object({
    kind: z.literal('evaluation_scores'),
    evaluationId: z.int(),
    title: z.string(),
    scores: z.array(z.object({ lineKey: z.string(), score: z.number(), name: z.string() })),
    submit: z.boolean(),
  }),
  z.object({
    kind: z.literal('spot_check_review'),
    spotCheckId: z.int(),
    entryId: z.int(),
    itemName: z.string(),
    score: z.number(),
    note: z.string(),
  }),
]);
export type PendingAction = z.infer<typeof pendingActionSchema>;

/** One line saying what a pending write will do ("填报 市一中教学楼改造“受益学生人数”：1200人"). */
export function describePending(action: PendingAction): string {
  switch (action.kind) {
    case 'report_indicator':
      return `填报 ${action.itemName}（${action.itemCode}）的“${action.indicatorName}”`;
    case 'submit_rectification':
      return `提交整改任务 #${action.taskId}（${action.itemName}）`;
    case 'create_task':
      return `就预警 #${action.warningId}（${action.itemName}）向${action.assigneeName}下达整改`;
    case 'review_task':
      return `${action.decision === 'accept' ? '验收通过' : '退回'}整改任务 #${action.taskId}（${action.itemName}）`;
    case 'attach_file':
      return `把文件“${action.fileName}”保存为 ${action.itemName}（${action.itemCode}）的附件`;
    case 'answer_comment':
      return `答复绩效目标 #${action.versionId}（${action.targetName}）中对“${action.indicator}”的意见`;
    case 'review_target':
      return `${action.decision === 'approve' ? '审核通过' : '退回'}绩效目标 #${action.versionId}（${action.targetName}）`;
    case 'explain_warning':
      return `签收预警 #${action.warningId}（${action.itemName}）并记录说明`;
    case 'submit_self_evaluation':
      return `提交 ${action.itemName}（${action.itemCode}）${action.fiscalYear}年度绩效自评`;
    case 'digest':
      return action.subscribe ? '订阅每周绩效简报' : '退订每周绩效简报';
    case 'bind_group':
      return `把本群绑定到${action.orgName}`;
    case 'unbind_group':
      return `解除本群与${action.orgName}的绑定`;
    case 'evaluation_scores':
      return `${action.submit ? '提交' : '保存'}“${action.title}”的评分（${action.scores.length}项）`;
    case 'spot_check_review':
      return `提交“${action.itemName}”自评的抽查复核：${action.score}分`;
  }
}

/** How long a confirmation stays valid. */
export const PENDING_TTL_MS = 10 * 60_000;
/** How long the bot waits for a requested reply (an explanation, a submission text). */
export const AWAITING_TTL_MS = 15 * 60_000;
