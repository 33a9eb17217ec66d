export * from './key-evaluation.ts';
export * from './rectification.ts';
export * from './refusal.ts';
export * from './warning.ts';
