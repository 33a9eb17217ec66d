export * from './adapter.ts';
export * from './config.ts';
export type { Logger } from './logger.ts';
