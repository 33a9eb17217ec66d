export * from './cases.ts';
export * from './owner-rectifications.ts';
export * from './register.ts';
