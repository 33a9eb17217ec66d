export * from './config.ts';
export * from './score.ts';
