export * from './accountability-package.ts';
export * from './guard.ts';
export * from './limits.ts';
export * from './problems.ts';
export * from './read.ts';
export * from './target-form-export.ts';
export * from './target-form-import.ts';
export * from './text.ts';
