export * from './adapter.ts';
export * from './config.ts';
export type { Logger } from './logger.ts';
export { consoleLogger } from './logger.ts';
export { CARD_ACTION_COMMAND, CARD_ACTION_URL } from './render.ts';
export { TOPIC_CARD_CALLBACK, TOPIC_ROBOT } from './topics.ts';
