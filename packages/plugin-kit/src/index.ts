// Plugins declare their routes with OpenAPI schemas so they appear in /openapi.json.
export { createRoute } from '@hono/zod-openapi';
export * from './define-plugin.ts';
export * from './registry.ts';
export * from './types.ts';
