export * from './assignees.ts';
export * from './task-overdue.ts';
export * from './task-reminders.ts';
export * from './tasks.ts';
