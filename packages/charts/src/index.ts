export * from './charts.ts';
export * from './render.ts';
export * from './year-charts.ts';
