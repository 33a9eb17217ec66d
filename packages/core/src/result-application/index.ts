export * from './config.ts';
export * from './control-numbers.ts';
export * from './exit-candidates.ts';
export * from './overlap.ts';
export * from './owner-reminders.ts';
export * from './results.ts';
export * from './transfers.ts';
