export * from './target-queries.ts';
export * from './target-writes.ts';
