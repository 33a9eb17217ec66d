export * from './charts.ts';
export * from './render.ts';
