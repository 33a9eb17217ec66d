export * from './anchor.ts';
export * from './audit-messages.ts';
export * from './chain.ts';
export * from './checkpoints.ts';
export * from './hash.ts';
export * from './history.ts';
export * from './trail.ts';
export * from './verify.ts';
