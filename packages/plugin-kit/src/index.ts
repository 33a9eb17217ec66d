// Plugins declare their routes with OpenAPI schemas so they appear in /openapi.json.
export { createRoute } from '@hono/zod-openapi';
export * from './built-in-phrases.ts';
export * from './date-changes.ts';
export * from './define-plugin.ts';
export type * from './examples.ts';
export * from './findings.ts';
export * from './registry.ts';
export * from './types.ts';
