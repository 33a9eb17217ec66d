export * from './config.ts';
export * from './requirement.ts';
export * from './scoring.ts';
export * from './workflow.ts';
