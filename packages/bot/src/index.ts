export { BUTTON_ACTIONS } from './actions.ts';
export type { BotEngineOptions } from './engine.ts';
export { createBotEngine } from './engine.ts';
export * from './engine-types.ts';
export { UNKNOWN_USER_TEXT } from './identity.ts';
export type { LlmConfig } from './llm/client.ts';
export { MEMORY_TTL_MS } from './memory.ts';
export * from './parser/index.ts';
export { AWAITING_TTL_MS, PENDING_TTL_MS } from './pending.ts';
