import './zod-locale.ts';

export * from './api-tokens.ts';
export * from './calendar.ts';
export * from './errors.ts';
export * from './grading.ts';
export * from './indicators.ts';
export * from './lifecycle.ts';
export * from './money.ts';
export * from './notice-subjects.ts';
export * from './permissions.ts';
export * from './policy-config.ts';
export * from './reply.ts';
export * from './schemas.ts';
export * from './snapshot.ts';
export * from './storable-text.ts';
export * from './vocabulary.ts';
