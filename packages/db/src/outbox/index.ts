export * from './outbox-claim.ts';
export * from './outbox-settle.ts';
export * from './outbox-status.ts';
export * from './recipients.ts';
export * from './replies.ts';
