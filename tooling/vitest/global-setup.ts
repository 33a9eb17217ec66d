import { prepareTestTemplates } from '@jixiao/db/testing';

/** Builds the migrated database templates once per run; every test file clones one. */
export async function setup(): Promise<void> {
  await prepareTestTemplates();
}
