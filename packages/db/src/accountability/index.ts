export * from './cases.ts';
export * from './register.ts';
