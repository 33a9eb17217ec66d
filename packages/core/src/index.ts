import './zod-locale.ts';

export * from './accountability/index.ts';
export * from './calendar.ts';
export * from './errors.ts';

export * from './evaluation/index.ts';
export * from './format.ts';

export * from './grading.ts';
export * from './indicators.ts';
export * from './lifecycle.ts';
export * from './management-assessment/index.ts';
export * from './money.ts';
export * from './notice-subjects.ts';
export * from './permissions.ts';
export * from './policy-config.ts';
export * from './reply.ts';
export * from './result-application/index.ts';
export * from './schemas.ts';
export * from './self-evaluation/index.ts';
export * from './snapshot.ts';
export * from './storable-text.ts';
export * from './vocabulary.ts';
