/** Generators for the identifiers DingTalk hands out, shaped like the real ones. */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)] ?? 'x';
  return out;
}

function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('base64').replace(/[+/=]/g, '');
}

/** `01A08FE7-…` as in OpenAPI error bodies. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** Stream messageId, e.g. `212ca9d7_974_1898c159aa6_1783b`. */
export function newMessageId(): string {
  return `${randomBytes(4).toString('hex')}_${randomInt(100, 1000)}_${Date.now().toString(16)}_${randomBytes(3).toString('hex').slice(0, 5)}`;
}

/** Robot msgId, e.g. `msgLICYe…==`. */
export function newMsgId(): string {
  return `msg${randomBytes(16).toString('base64')}`;
}

export function newTicket(): string {
  return randomUUID();
}

export function newConnectionId(): string {
  return randomUUID();
}

export function newSessionToken(): string {
  return randomBytes(16).toString('hex');
}

export function newAccessToken(): string {
  return randomBytes(16).toString('hex');
}

export function newProcessQueryKey(): string {
  return randomBytes(24).toString('base64');
}

export function newTaskId(): string {
  return `OPJ${alnum(20)}`;
}

export function newCarrierId(): string {
  return `${randomInt(100000000, 999999999)}${randomInt(100000000, 999999999)}`;
}

/** A stable openConversationId-like id derived from a seed, e.g. `cidAsXSBLnA==`. */
export function stableConversationId(seed: string): string {
  return `cid${digest(seed).slice(0, 22)}==`;
}

/** A stable `$:LWCP_v1:$…` dingtalkId derived from a seed. */
export function stableDingtalkId(seed: string): string {
  return `$:LWCP_v1:$${digest(seed).slice(0, 32)}`;
}

/** A stable uuid-looking id derived from a seed (the stream `appId` header). */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
