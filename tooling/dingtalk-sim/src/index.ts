export { CARD_CALLBACK_TIMEOUT_MS, TOPIC_CARD_CALLBACK } from './cards.ts';
export { SESSION_EXPIRED, SESSION_NOT_EXISTED, TOPIC_ROBOT } from './conversations.ts';
export type { SimEvent, SimEventType } from './events.ts';
export { DEFAULT_QPS_LIMIT, DEFAULT_SEED, faultConfigSchema, mulberry32 } from './faults.ts';
export { QPS_LIMIT_CODE } from './guard.ts';
export { PAGE_HTML } from './page.ts';
export { MSG_KEYS } from './render.ts';
export { startDingTalkSim } from './sim.ts';
export type {
  AckKind,
  CardButton,
  CardField,
  CardSpace,
  ClickCardInput,
  ClickCardResult,
  DingTalkSim,
  DownFrame,
  FaultConfig,
  PushKind,
  RecordedAck,
  RecordedPush,
  RecordedReply,
  RecordedRequest,
  ReplyButton,
  ReplyVia,
  SendMessageInput,
  SendMessageResult,
  SentFrame,
  SimCard,
  SimChatMessage,
  SimGroup,
  SimOptions,
  SimPageEvent,
  SimTodo,
  SimTodoChange,
  SimUser,
} from './types.ts';
