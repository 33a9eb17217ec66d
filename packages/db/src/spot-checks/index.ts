export * from './spot-checks.ts';
