export * from './notice-delivery.ts';
export * from './notice-follow-ups.ts';
export * from './notices.ts';
export * from './pending-notices.ts';
