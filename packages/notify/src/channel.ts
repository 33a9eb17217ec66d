import type { Reply } from '@jixiao/core';

/** Who a message goes to, with their IM identities. */
export interface Recipient {
  userId: number;
  name: string;
  /** DingTalk staff userId (robot messages, cards). */
  dingtalkUserId: string | null;
  /** DingTalk unionId (to-dos). */
  unionId: string | null;
}

export type DeliveryOutcome =
  | { ok: true; externalId?: string }
  /** `retryable`: a 5xx, throttling or a network error — try again later (after `retryAfterMs` if given). */
  | { ok: false; retryable: boolean; retryAfterMs?: number; error: string };

/** A DingTalk to-do mirroring a rectification task. */
export interface TodoSpec {
  /** Our stable id for it (e.g. `rect-12`): creating twice with one sourceId must not make two to-dos. */
  sourceId: string;
  subject: string;
  description: string;
  /** Epoch milliseconds. */
  dueTime: number;
  done: boolean;
  detailUrl: string;
}

/** Where a bot reply goes: a 1:1 chat with the robot (by IM user id) or a group conversation. */
export type ReplyTarget = { kind: 'user'; userId: string } | { kind: 'group'; conversationId: string };

/** The bot's answer to one message or button press, sent back where it was asked. */
export interface ConversationReply {
  /** The same on every attempt at this reply (a channel that can deduplicate, like cards, uses it). */
  key: string;
  /** Null when there is nowhere to send it (a private answer to an asker without an IM user id). */
  to: ReplyTarget | null;
  /** The message's own answer address (DingTalk's sessionWebhook) and its expiry; null when there is none. */
  webhook: { url: string; expiresAt: Date | null } | null;
  reply: Reply;
}

/**
 * Where notifications go out. The DingTalk adapter implements it against the robot and to-do
 * OpenAPIs; tests and the simulator use the same adapter against the fake DingTalk.
 * `idempotencyKey` is the same on every retry of one message, so a channel that can deduplicate
 * (DingTalk cards by outTrackId, to-dos by sourceId) delivers it once even after a crash mid-send.
 */
/** A file sent as a message of its own (the 通报 as DOCX). */
export interface OutgoingFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface MessageChannel {
  sendToUser(to: Recipient, reply: Reply, idempotencyKey: string): Promise<DeliveryOutcome>;
  /** A file to one official; a retry with the same key after a delivery must not send it again. */
  sendFileToUser(to: Recipient, file: OutgoingFile, idempotencyKey: string): Promise<DeliveryOutcome>;
  sendToGroup(conversationId: string, reply: Reply, idempotencyKey: string): Promise<DeliveryOutcome>;
  /** A bot reply: through its webhook while valid, else proactively to `to`. */
  sendReply(reply: ConversationReply): Promise<DeliveryOutcome>;
  upsertTodo(
    to: Recipient,
    todo: TodoSpec,
    existingTodoId: string | null,
  ): Promise<DeliveryOutcome & { todoId?: string }>;
}
