export * from './fund-types.ts';
export * from './org-units.ts';
export * from './regions.ts';
export * from './users.ts';
