export * from './signed-links.ts';
export * from './view-routes.ts';
