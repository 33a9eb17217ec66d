export * from './budget-approvals.ts';
