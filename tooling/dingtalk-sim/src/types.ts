/** Public types of the DingTalk simulator. */

export interface SimUser {
  userId: string;
  unionId: string;
  name: string;
  title?: string;
  orgName?: string;
  roleLabel?: string;
}

export interface SimGroup {
  conversationId: string;
  title: string;
  /** userIds of the officials known to be in the group (everyone who spoke there, plus configured members). */
  memberUserIds: string[];
}

export interface SimOptions {
  /** 0 = random; the host is always 127.0.0.1. */
  port?: number;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** The officials one can speak as (demo data comes from the server). */
  users: () => Promise<SimUser[]> | SimUser[];
  /** Redeliver an un-acked robot CALLBACK frame after this long (default 60000); at most 3 redeliveries. */
  redeliverAfterMs?: number;
  /** `POST /sim/api/messages` waits at most this long for replies (default 10000). */
  replyTimeoutMs?: number;
  /** Interval of SYSTEM `ping` frames (default 20000). A connection that left the previous ping unanswered is terminated. */
  pingIntervalMs?: number;
  /** corpId reported in robot messages and card callbacks (default `dingsimcorp0000000000`). */
  corpId?: string;
  /** Lifetime of a sessionWebhook (default 5 400 000 ms = 90 min, as observed). */
  sessionTtlMs?: number;
  /** Lifetime of an access token in seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** Groups the robot is already a member of (otherwise groups become known when someone speaks there). */
  groups?: Array<{ conversationId: string; title: string; memberUserIds?: string[] }>;
}

export interface FaultConfig {
  /** 0..1: authenticated OpenAPI calls answer 500 `{"code":"system.error"}`. */
  openApiErrorRate?: number;
  /** 0..1: authenticated OpenAPI calls answer 403 `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi`. */
  throttleRate?: number;
  /** batchSend reports these userIds in `flowControlledStaffIdList` (and does not deliver to them). */
  flowControlUserIds?: string[];
  /** 0..1: sessionWebhook posts answer `{errcode:-1, errmsg:"系统繁忙"}` and the reply is not delivered. */
  sessionWebhookErrorRate?: number;
  /** Seed of the deterministic PRNG used for the rates above (default 20240601). */
  seed?: number;
  /** Ignore the next callback ack received on the stream (so the frame gets redelivered). */
  dropNextAck?: boolean;
  /** Real per-app per-API limit on robot send, group send and to-do endpoints (sliding 1 s window). 0 = unlimited; default 20. */
  qpsLimit?: number;
}

export interface ReplyButton {
  title: string;
  url: string;
}

/** A button of a `jixiao.reply` card (`buttons` card param). */
export interface CardButton {
  label: string;
  action: string;
  payload?: Record<string, unknown>;
}

export interface CardField {
  label: string;
  value: string;
}

export type ReplyVia = 'sessionWebhook' | 'card' | 'oToMessages' | 'groupMessages';

export interface RecordedReply {
  /** Position in the sim's event log (unique, increasing). */
  seq: number;
  time: number;
  /** `sessionWebhook` for replies posted to the message's webhook; `card`/`oToMessages`/`groupMessages` for
   * cards and proactive messages sent to the same conversation while the message was waiting for its answer. */
  via: ReplyVia;
  msgId: string;
  conversationId: string;
  conversationType: '1' | '2';
  /** `text`, `markdown`, `actionCard`, `link`, `feedCard`, or `interactiveCard` for cards, or the msgKey of a proactive message. */
  msgtype: string;
  title?: string;
  /** Markdown or text content. */
  text: string;
  buttons?: ReplyButton[];
  /** For cards. */
  outTrackId?: string;
  cardButtons?: CardButton[];
  fields?: CardField[];
  raw: unknown;
}

export interface CardSpace {
  spaceType: 'IM_ROBOT' | 'IM_GROUP';
  spaceId: string;
}

export interface SimCard {
  outTrackId: string;
  cardTemplateId: string;
  callbackType?: string;
  cardParamMap: Record<string, string>;
  /** userId → private card params. */
  privateData: Record<string, Record<string, string>>;
  spaces: CardSpace[];
  createdTime: number;
  modifiedTime: number;
  /** Number of updates (update API or callback responses) applied. */
  updates: number;
}

export interface SimTodo {
  id: string;
  /** unionId in the create path. */
  ownerUnionId: string;
  operatorId?: string;
  sourceId?: string;
  subject: string;
  description?: string;
  creatorId?: string;
  executorIds: string[];
  participantIds: string[];
  dueTime?: number;
  priority?: number;
  detailUrl: { appUrl?: string; pcUrl?: string };
  isOnlyShowExecutor?: boolean;
  notifyConfigs?: Record<string, unknown>;
  done: boolean;
  /** executor unionId → done. */
  executorStatus: Record<string, boolean>;
  createdTime: number;
  modifiedTime: number;
  finishTime?: number;
}

export type PushKind = 'oto' | 'group' | 'card' | 'todo';

/** A message an official sent, as a `message` event carries it to the chat page. */
export interface SimChatMessage {
  seq: number;
  time: number;
  msgId: string;
  userId: string;
  senderNick: string;
  text: string;
  conversationId: string;
  conversationType: '1' | '2';
  conversationTitle?: string;
}

/** What a `todo` event carries: the to-do after a change, or as it was when deleted. */
export interface SimTodoChange {
  todo: SimTodo;
  deleted: boolean;
}

/** A live event (SSE or long-poll) with its data typed by event type: what the chat page receives. */
export type SimPageEvent = { seq: number; time: number; audience: string[] } & (
  | { type: 'message'; data: SimChatMessage }
  | { type: 'reply'; data: RecordedReply }
  | { type: 'push'; data: RecordedPush }
  | { type: 'card'; data: SimCard }
  | { type: 'todo'; data: SimTodoChange }
);

export interface RecordedPush {
  seq: number;
  time: number;
  kind: PushKind;
  /** The officials who receive it. */
  userIds: string[];
  /** Set for `oto` pushes (one push per recipient). */
  userId?: string;
  /** Set for group pushes and group cards. */
  conversationId?: string;
  msgKey?: string;
  msgParam?: unknown;
  msgtype?: string;
  title?: string;
  text?: string;
  buttons?: ReplyButton[];
  processQueryKey?: string;
  /** Current state of the card (for `card` pushes). */
  card?: SimCard;
  /** State of the to-do when it was created (for `todo` pushes). */
  todo?: SimTodo;
  raw: unknown;
}

export interface RecordedRequest {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON (or form) body; the raw text when it is not parseable; undefined when empty. */
  body: unknown;
  /** HTTP status answered (101 for an accepted WebSocket upgrade; 0 while still pending). */
  status: number;
}

export type AckKind = 'callback' | 'ping' | 'unknown';

export interface RecordedAck {
  time: number;
  connectionId: string;
  messageId: string;
  kind: AckKind;
  code?: number;
  message?: string;
  data?: string;
  /** `response` of the parsed ack data (callbacks). */
  response?: unknown;
  /** True when the `dropNextAck` fault swallowed it. */
  dropped: boolean;
  raw: unknown;
}

export interface DownFrame {
  specVersion: string;
  type: 'CALLBACK' | 'EVENT' | 'SYSTEM';
  headers: Record<string, string>;
  data: string;
}

export interface SentFrame {
  time: number;
  connectionId: string;
  frame: DownFrame;
  /** 0 for the first delivery, n for the n-th redelivery (explicit `redeliver()` included). */
  attempt: number;
}

export interface SendMessageInput {
  userId: string;
  /** The typed text; for a file or picture, what the page shows (DingTalk sends no text with them). */
  text: string;
  conversationId?: string;
  groupTitle?: string;
  /** A file (msgtype `file`: `{downloadCode, fileName}`) or picture (`picture`: `{downloadCode}`) instead of text. */
  file?: { fileName: string; contentBase64: string; kind?: 'file' | 'picture' };
}

export interface SendMessageResult {
  msgId: string;
  replies: RecordedReply[];
  /** True when no reply arrived within `replyTimeoutMs`. */
  timedOut?: boolean;
}

export interface ClickCardInput {
  userId: string;
  outTrackId: string;
  params: Record<string, string>;
}

export interface ClickCardResult {
  /** `response` of the bot's ack (`data = {"response": …}`). */
  response: unknown;
  /** True when the bot did not ack within 2 s (DingTalk's limit). */
  timedOut?: boolean;
}

export interface DingTalkSim {
  /** http://127.0.0.1:PORT — serves both the "api.dingtalk.com" and the "oapi.dingtalk.com" paths. */
  url: string;
  /** A file the app uploaded (POST /media/upload), by the media id its file messages carry. */
  media(mediaId: string): { fileName: string; type: string; bytes: Uint8Array } | null;
  close(): Promise<void>;
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
  clickCard(input: ClickCardInput): Promise<ClickCardResult>;
  /** Push the frame of a robot message again right now (same messageId and msgId). */
  redeliver(msgId: string): Promise<void>;
  setFaults(f: FaultConfig): void;
  faults(): FaultConfig;
  /** Proactive messages, group sends, to-dos and cards received (by that official). */
  outbox(userId?: string): RecordedPush[];
  /** Current to-dos (of that unionId as owner, executor or participant). */
  todos(unionId?: string): SimTodo[];
  cards(): SimCard[];
  /** Every HTTP request received, in order. */
  recorded(): RecordedRequest[];
  /** Every up-frame (ack, ping echo) received on the stream, in order. */
  acks(): RecordedAck[];
  /** Every down-frame sent on the stream, in order. */
  sentFrames(): SentFrame[];
  /** All replies recorded for a robot message (including replies to redeliveries). */
  repliesFor(msgId: string): RecordedReply[];
  /** Expire every sessionWebhook given out so far: posts to them answer `session.expired`. */
  expireSessions(): void;
  /** Number of successful access-token requests (new and legacy endpoints). */
  tokenRequestCount(): number;
  /** Invalidate every issued access token (as if 2 h had passed). */
  expireAccessTokens(): void;
  groups(): SimGroup[];
  /** Abruptly terminate all stream sockets (tests of reconnect). */
  dropStreamConnections(): void;
  /** Send a SYSTEM `disconnect` frame to every connection, stop pushing to them and close them after `closeAfterMs` (default 10 000). */
  sendDisconnect(opts?: { closeAfterMs?: number }): void;
  connectionCount(): number;
  /** Resolves once at least `count` stream connections are open; rejects after `timeoutMs` (default 5000). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
}
