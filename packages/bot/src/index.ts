export { createBotEngine } from './engine.ts';
export * from './engine-types.ts';
export { UNKNOWN_USER_TEXT } from './identity.ts';
export type { LlmConfig } from './llm/client.ts';
export * from './parser/index.ts';
