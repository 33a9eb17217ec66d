export * from './startup-token.ts';
export * from './tokens.ts';
