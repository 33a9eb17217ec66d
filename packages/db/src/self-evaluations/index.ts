export * from './coverage.ts';
export * from './prepare-year.ts';
export * from './queries.ts';
export * from './writes.ts';
