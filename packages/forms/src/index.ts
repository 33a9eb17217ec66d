export * from './accountability-package.ts';
export * from './congress-package.ts';
export * from './guard.ts';
export * from './limits.ts';
export * from './problems.ts';
export * from './ranking-notice.ts';
export * from './read.ts';
export * from './text.ts';
