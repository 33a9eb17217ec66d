export * from './import-batch.ts';
