export * from './runs.ts';
export * from './summary.ts';
export * from './sweep/judge-changed.ts';
export * from './sweep/run-sweep.ts';
export * from './warnings.ts';
