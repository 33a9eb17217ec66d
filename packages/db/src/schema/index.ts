export * from './audit.ts';
export * from './budget-items.ts';
export * from './execution.ts';
export * from './fund-types.ts';
export * from './org-units.ts';
export * from './regions.ts';
export * from './targets.ts';
export * from './users.ts';
