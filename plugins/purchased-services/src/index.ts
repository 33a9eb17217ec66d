export * from './attributes.ts';
export { examples } from './examples.ts';
export { plugin } from './plugin.ts';
export * from './settings.ts';
