export * from './attachments.ts';
export * from './file-types.ts';
