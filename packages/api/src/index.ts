export * from './app.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './guards/rate-limit.ts';
export * from './guards/route-permissions.ts';
export * from './limits.ts';
export * from './mappers.ts';
export { managementExportView, rankingNoticeFile } from './routes/management-assessments.ts';
export * from './schemas.ts';
