export * from './schedules.ts';
