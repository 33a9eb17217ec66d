export * from './department.ts';
export * from './diff.ts';
export * from './library.ts';
export * from './quality.ts';
export * from './quality-config.ts';
export * from './reminders.ts';
export * from './review.ts';
export * from './versions.ts';
