export * from './accountability-package.ts';
export * from './guard.ts';
export * from './limits.ts';
export * from './problems.ts';
export * from './read.ts';
export * from './self-evaluation-form.ts';
export * from './text.ts';
