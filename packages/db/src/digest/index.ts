export * from './subscriptions.ts';
export * from './weekly-digest.ts';
