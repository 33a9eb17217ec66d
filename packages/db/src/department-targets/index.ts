export * from './department-targets.ts';
