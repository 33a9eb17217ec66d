export * from './county-fiscal.ts';
export * from './key-evaluations.ts';
export * from './library.ts';
export * from './reminders.ts';
