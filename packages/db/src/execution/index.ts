export * from './execution-summary.ts';
export * from './indicator-reports.ts';
export * from './payments.ts';
