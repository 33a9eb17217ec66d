export * from './check.ts';
export * from './printed-value.ts';
export * from './scheme.ts';
