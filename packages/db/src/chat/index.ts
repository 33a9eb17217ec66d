export * from './chat-warnings.ts';
export * from './conversation-states.ts';
export * from './coverage.ts';
export * from './group-bindings.ts';
export * from './identity.ts';
export * from './item-lookup.ts';
export * from './lagging.ts';
export * from './org-directory.ts';
