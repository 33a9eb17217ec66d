import { randomBytes } from 'node:crypto';
import type { Platform } from '@jixiao/db';
import { deleteConversationState, getConversationStates, putConversationState } from '@jixiao/db/chat';
import { z } from 'zod';
import { AWAITING_TTL_MS, PENDING_TTL_MS, type PendingAction, pendingActionSchema } from './pending.ts';

/** Conversation memory is forgotten after this long without a message. */
const MEMORY_TTL_MS = 30 * 60_000;
const REFRESH_MS = 5 * 60_000;

const choicesSchema = z.object({
  /** After this the numbers no longer pick anything (the list is stale). */
  expiresAt: z.string(),
  purpose: z.enum([
    'item_status',
    'item_indicators',
    'item_payments',
    'item_warnings',
    'report_indicator',
    'evaluation_result',
    'self_evaluation',
    'target_form',
  ]),
  codes: z.array(z.string()).max(10),
  /** The rest of a report_indicator intent, to replay with the chosen item. */
  report: z
    .object({
      indicator: z.string().optional(),
      value: z.number().optional(),
      unit: z.string().optional(),
      qualitative: z.enum(['met', 'partly_met', 'not_met']).optional(),
    })
    .optional(),
});
export type Choices = z.infer<typeof choicesSchema>;
export type ChoiceRequest = Omit<Choices, 'expiresAt'>;

const conversationSchema = z.object({
  at: z.string(),
  lastItemId: z.int().optional(),
  lastItemCode: z.string().optional(),
  lastWarningId: z.int().optional(),
  choices: choicesSchema.optional(),
});
type ConversationState = z.infer<typeof conversationSchema>;

const awaitingSchema = z.object({
  kind: z.enum(['warning_explanation', 'submission_text', 'return_reason', 'target_return_reason']),
  id: z.int(),
  expiresAt: z.string(),
});
export type Awaiting = z.infer<typeof awaitingSchema>;

/** A 绩效自评 conversation: the answers so far, kept until submitted so it resumes where it stopped. */
const selfEvaluationSessionSchema = z.object({
  itemId: z.int(),
  itemCode: z.string(),
  itemName: z.string(),
  fiscalYear: z.int(),
  /** The next line to ask (= number of lines when all are answered). */
  row: z.int().min(0),
  /** The line answered short of its target, whose 偏差原因 is asked for. */
  reasonFor: z.int().nullable(),
  answers: z.array(z.object({ row: z.int(), actual: z.string(), deviationReason: z.string().nullable() })),
  updatedAt: z.string(),
});
export type SelfEvaluationSession = z.infer<typeof selfEvaluationSessionSchema>;

/** How long an unfinished self-evaluation conversation is kept. */
const SELF_EVALUATION_TTL_MS = 14 * 24 * 3_600_000;

const userSchema = z.object({
  pending: z.object({ token: z.string(), expiresAt: z.string(), action: pendingActionSchema }).optional(),
  awaiting: awaitingSchema.optional(),
  selfEvaluation: selfEvaluationSessionSchema.optional(),
});
type UserState = z.infer<typeof userSchema>;

export type PendingLookup =
  | { status: 'ok'; token: string; action: PendingAction }
  | { status: 'expired' }
  | { status: 'none' };

/**
 * Short memory: per conversation and person (last item and warning discussed, a pending choice),
 * and per person across conversations (a write awaiting "确认", a reply the bot asked for), so a
 * confirmation sent privately for a group question can be confirmed in the private chat.
 */
export class Memory {
  private conversation: ConversationState;
  private user: UserState;
  private conversationDirty = false;
  private userDirty = false;

  private constructor(
    private readonly keys: { conversation: string | null; user: string },
    conversation: ConversationState,
    user: UserState,
    private readonly now: Date,
  ) {
    this.conversation = conversation;
    this.user = user;
  }

  static keysFor(externalUserId: string, conversationId: string | null) {
    return {
      conversation: conversationId === null ? null : `dingtalk:${conversationId}:${externalUserId}`,
      user: `dingtalk:@user:${externalUserId}`,
    };
  }

  static async load(
    platform: Platform,
    externalUserId: string,
    conversationId: string | null,
  ): Promise<Memory> {
    const keys = Memory.keysFor(externalUserId, conversationId);
    const now = platform.now();
    const rows = await getConversationStates(
      platform.db,
      keys.conversation === null ? [keys.user] : [keys.conversation, keys.user],
    );
    const fresh: ConversationState = { at: now.toISOString() };
    const conv =
      keys.conversation === null
        ? undefined
        : conversationSchema.safeParse(rows.get(keys.conversation)?.state);
    let conversation = conv?.success ? conv.data : fresh;
    if (now.getTime() - Date.parse(conversation.at) > MEMORY_TTL_MS) conversation = fresh;
    const user = userSchema.safeParse(rows.get(keys.user)?.state);
    return new Memory(keys, conversation, user.success ? user.data : {}, now);
  }

  get lastItemId(): number | undefined {
    return this.conversation.lastItemId;
  }

  get lastWarningId(): number | undefined {
    return this.conversation.lastWarningId;
  }

  /** Saving only on change keeps a repeated question to reads; the clock is refreshed every few minutes. */
  private touch(changed: boolean): void {
    if (changed || this.now.getTime() - Date.parse(this.conversation.at) > REFRESH_MS)
      this.conversationDirty = true;
  }

  rememberItem(item: { id: number; code: string }): void {
    const changed = this.conversation.lastItemId !== item.id;
    this.conversation.lastItemId = item.id;
    this.conversation.lastItemCode = item.code;
    this.touch(changed);
  }

  rememberWarning(id: number): void {
    const changed = this.conversation.lastWarningId !== id;
    this.conversation.lastWarningId = id;
    this.touch(changed);
  }

  /** The numbered candidates last shown here, while they are still valid. */
  get choices(): Choices | undefined {
    const c = this.conversation.choices;
    return c && Date.parse(c.expiresAt) >= this.now.getTime() ? c : undefined;
  }

  /** Shows numbered candidates, valid for `ttlMs`. */
  setChoices(choices: ChoiceRequest, ttlMs: number): void {
    this.conversation.choices = {
      ...choices,
      expiresAt: new Date(this.now.getTime() + ttlMs).toISOString(),
    };
    this.conversationDirty = true;
  }

  /** Forgets the numbered candidates (chosen, or the conversation moved on). */
  clearChoices(): void {
    if (this.conversation.choices === undefined) return;
    this.conversation.choices = undefined;
    this.conversationDirty = true;
  }

  /** Stores a write awaiting confirmation (replacing any earlier one) and returns its token. */
  createPending(action: PendingAction): string {
    const token = randomBytes(12).toString('base64url');
    this.user.pending = {
      token,
      expiresAt: new Date(this.now.getTime() + PENDING_TTL_MS).toISOString(),
      action,
    };
    this.userDirty = true;
    return token;
  }

  /** The pending write; with `token`, only if it is that one. */
  pending(token?: string): PendingLookup {
    const p = this.user.pending;
    if (!p || (token !== undefined && p.token !== token))
      return { status: token === undefined ? 'none' : 'expired' };
    if (Date.parse(p.expiresAt) < this.now.getTime()) return { status: 'expired' };
    return { status: 'ok', token: p.token, action: p.action };
  }

  get hasPending(): boolean {
    return this.user.pending !== undefined;
  }

  clearPending(): void {
    if (this.user.pending) {
      this.user.pending = undefined;
      this.userDirty = true;
    }
  }

  setAwaiting(kind: Awaiting['kind'], id: number): void {
    this.user.awaiting = {
      kind,
      id,
      expiresAt: new Date(this.now.getTime() + AWAITING_TTL_MS).toISOString(),
    };
    this.userDirty = true;
  }

  get awaiting(): Awaiting | undefined {
    const a = this.user.awaiting;
    return a && Date.parse(a.expiresAt) >= this.now.getTime() ? a : undefined;
  }

  clearAwaiting(): void {
    if (this.user.awaiting) {
      this.user.awaiting = undefined;
      this.userDirty = true;
    }
  }

  /** The unfinished self-evaluation conversation, if any (kept for two weeks). */
  get selfEvaluation(): SelfEvaluationSession | undefined {
    const s = this.user.selfEvaluation;
    return s && this.now.getTime() - Date.parse(s.updatedAt) <= SELF_EVALUATION_TTL_MS ? s : undefined;
  }

  setSelfEvaluation(session: Omit<SelfEvaluationSession, 'updatedAt'>): void {
    this.user.selfEvaluation = { ...session, updatedAt: this.now.toISOString() };
    this.userDirty = true;
  }

  clearSelfEvaluation(): void {
    if (this.user.selfEvaluation) {
      this.user.selfEvaluation = undefined;
      this.userDirty = true;
    }
  }

  async save(platform: Platform): Promise<void> {
    const at = platform.now();
    if (this.conversationDirty && this.keys.conversation !== null) {
      this.conversation.at = at.toISOString();
      await putConversationState(platform.db, this.keys.conversation, { ...this.conversation }, at);
    }
    if (this.userDirty) {
      const state: Record<string, unknown> = {};
      if (this.user.pending) state.pending = this.user.pending;
      if (this.user.awaiting) state.awaiting = this.user.awaiting;
      if (this.user.selfEvaluation) state.selfEvaluation = this.user.selfEvaluation;
      if (Object.keys(state).length === 0) await deleteConversationState(platform.db, this.keys.user);
      else await putConversationState(platform.db, this.keys.user, state, at);
    }
  }
}
