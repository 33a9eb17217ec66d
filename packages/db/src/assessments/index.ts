export * from './assessment-queries.ts';
export * from './assessment-writes.ts';
export * from './ex-ante-facts.ts';
export * from './ex-ante-facts.ts';
