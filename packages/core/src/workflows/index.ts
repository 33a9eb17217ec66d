export * from './key-evaluation.ts';
export * from './rectification.ts';
export * from './refusal.ts';
export * from './self-evaluation.ts';
export * from './warning.ts';
