export * from './define-plugin.ts';
export * from './registry.ts';
export * from './types.ts';
