export * from './app.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './mappers.ts';
export * from './schemas.ts';
