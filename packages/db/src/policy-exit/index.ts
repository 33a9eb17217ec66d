export * from './decisions.ts';
export * from './exit-candidates.ts';
export * from './overlaps.ts';
