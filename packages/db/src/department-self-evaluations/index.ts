export * from './queries.ts';
export * from './writes.ts';
