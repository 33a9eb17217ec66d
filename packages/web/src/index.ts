export * from './public/routes.ts';
export * from './public/static-export.ts';
export * from './signed-links.ts';
export * from './view-routes.ts';
