export * from './compute.ts';
export * from './queries.ts';
export * from './review.ts';
export * from './what-if.ts';
