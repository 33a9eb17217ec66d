export * from './item-queries.ts';
export * from './item-writes.ts';
export * from './lifecycle.ts';
export * from './scoped-reader.ts';
export * from './snapshots.ts';
export * from './transition.ts';
