export * from './assess.ts';
export * from './deadlines.ts';
