export * from './accountability-package.ts';
export * from './budget-proposal.ts';
export * from './guard.ts';
export * from './limits.ts';
export * from './problems.ts';
export * from './read.ts';
export * from './text.ts';
