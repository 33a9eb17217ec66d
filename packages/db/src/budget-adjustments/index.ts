export * from './budget-adjustments.ts';
