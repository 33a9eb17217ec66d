export * from './adapter.ts';
export * from './config.ts';
export type { Logger } from './logger.ts';
export { MAX_MEDIA_FILE_BYTES, type SendContext, type SendTarget, sendFile } from './send.ts';
