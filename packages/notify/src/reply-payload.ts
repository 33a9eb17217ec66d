import type { Reply } from '@jixiao/core';
import type { OutboxRecord } from '@jixiao/db/outbox';
import type { ConversationReply, ReplyTarget } from './channel.ts';

/** A bot reply as the outbox keeps it (kind `reply`; the row's dedupe key is the reply's key). */
export interface QueuedReply {
  reply: ConversationReply;
  /** The conversation the message came from: its replies go out one at a time, in order. */
  lane: string;
  /** Dedupe key of the reply before this one in the same answer (it goes first), or null. */
  after: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function targetOf(v: unknown): ReplyTarget | null | undefined {
  if (v === null) return null;
  if (!isRecord(v)) return undefined;
  if (v.kind === 'user' && typeof v.userId === 'string') return { kind: 'user', userId: v.userId };
  if (v.kind === 'group' && typeof v.conversationId === 'string')
    return { kind: 'group', conversationId: v.conversationId };
  return undefined;
}

function webhookOf(v: unknown): ConversationReply['webhook'] | undefined {
  if (v === null) return null;
  if (!isRecord(v) || typeof v.url !== 'string') return undefined;
  const expiresAt = typeof v.expiresAt === 'string' ? new Date(v.expiresAt) : null;
  return { url: v.url, expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : null };
}

function replyOf(v: unknown): Reply | undefined {
  if (!isRecord(v) || typeof v.title !== 'string' || typeof v.markdown !== 'string') return undefined;
  if (v.fields !== undefined && !Array.isArray(v.fields)) return undefined;
  if (v.buttons !== undefined && !Array.isArray(v.buttons)) return undefined;
  return v as unknown as Reply;
}

/** The outbox payload of a queued reply (JSON: the webhook's expiry as an ISO string). */
export function encodeReply(queued: Omit<QueuedReply, 'reply'> & { reply: Omit<ConversationReply, 'key'> }) {
  const { to, webhook, reply } = queued.reply;
  return {
    to,
    webhook: webhook ? { url: webhook.url, expiresAt: webhook.expiresAt?.toISOString() ?? null } : null,
    reply,
    lane: queued.lane,
    after: queued.after,
  };
}

/** The reply an outbox row holds, or null when its payload is not one. */
export function decodeReply(row: Pick<OutboxRecord, 'dedupeKey' | 'payload'>): QueuedReply | null {
  const p = row.payload;
  const to = targetOf(p.to);
  const webhook = webhookOf(p.webhook);
  const reply = replyOf(p.reply);
  if (to === undefined || webhook === undefined || !reply || typeof p.lane !== 'string') return null;
  return {
    reply: { key: row.dedupeKey, to, webhook, reply },
    lane: p.lane,
    after: typeof p.after === 'string' ? p.after : null,
  };
}
