export * from './projection.ts';
export * from './workflow.ts';
