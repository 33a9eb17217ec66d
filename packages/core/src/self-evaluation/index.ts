export * from './check.ts';
export * from './coverage.ts';
export * from './department.ts';
export * from './prepare.ts';
export * from './printed-value.ts';
export * from './scheme.ts';
