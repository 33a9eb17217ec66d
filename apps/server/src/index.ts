export * from './config.ts';
export * from './demo/generate.ts';
export * from './demo/load.ts';
export * from './plugins.ts';
export * from './server.ts';
