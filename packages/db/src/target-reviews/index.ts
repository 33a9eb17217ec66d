export { departmentNameOf } from '../departments.ts';
export * from './answers.ts';
export * from './content.ts';
export * from './quality-context.ts';
export * from './quality-run.ts';
export * from './reminders.ts';
export * from './review.ts';
export * from './submit.ts';
export * from './versions.ts';
