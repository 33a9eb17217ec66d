export * from './identities.ts';
export * from './inbound.ts';
