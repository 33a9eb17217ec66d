export * from './feedback.ts';
export * from './monthly-digest.ts';
export * from './providers.ts';
export * from './public-reads.ts';
export * from './publications.ts';
export * from './sections.ts';
