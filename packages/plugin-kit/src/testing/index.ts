// The examples' types belong to the plugin declaration; tests find them here too.
export type { AttributeExample, PluginExamples } from '../examples.ts';
export * from './build-review-input.ts';
export * from './build-snapshot.ts';
export * from './deep-partial.ts';
export * from './plugin-contract.ts';
export * from './plugin-inputs.ts';
export * from './run.ts';
export * from './run-command.ts';
export * from './scoped-reader.ts';
