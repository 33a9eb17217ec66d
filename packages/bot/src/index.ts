export * from './engine-types.ts';
export * from './parser/index.ts';
