export * from './chain.ts';
export * from './history.ts';
