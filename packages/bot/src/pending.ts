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
    kind: z.literal('review_task'),
    taskId: z.int(),
    itemCode: z.string(),
    itemName: z.string(),
    decision: z.enum(['accept', 'return']),
    comment: z.string(),
  }),
]);
export type PendingAction = z.infer<typeof pendingActionSchema>;

/** How long a confirmation stays valid. */
export const PENDING_TTL_MS = 10 * 60_000;
/** How long the bot waits for a requested reply (an explanation, a submission text). */
export const AWAITING_TTL_MS = 15 * 60_000;
