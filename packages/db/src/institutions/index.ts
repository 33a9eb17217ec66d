export * from './institutions.ts';
