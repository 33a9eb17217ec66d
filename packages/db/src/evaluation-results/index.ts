export * from './queries.ts';
export * from './record.ts';
