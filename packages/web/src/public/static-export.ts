import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbOrTx } from '@jixiao/db';
import { publishedSets } from '@jixiao/db/publications';
import { fileKey, STATIC_LINKS } from './links.ts';
import { openDataCsv, openDataJson } from './open-data.ts';
import { departmentPage, indexPage, itemPage, setPage } from './pages.ts';

/**
 * Writes the public site as static files for a government portal: the same pages (without search
 * and the survey, which need the server) and the same open data, all links relative.
 * Returns the files written.
 */
export async function exportStaticSite(db: DbOrTx, today: string, outDir: string): Promise<string[]> {
  const sets = await publishedSets(db, today);
  const files = new Map<string, string>();
  files.set(STATIC_LINKS.home(), String(await indexPage(sets, STATIC_LINKS)));
  for (const s of sets) {
    files.set(STATIC_LINKS.set(s.slug), String(await setPage(s, STATIC_LINKS)));
    for (const d of s.current.snapshot.departments) {
      const page = departmentPage(s, d.key, STATIC_LINKS);
      if (page) files.set(STATIC_LINKS.department(s.slug, d.key), String(await page));
    }
    for (const subj of s.current.snapshot.subjects) {
      if (subj.kind !== 'item') continue;
      const page = itemPage(s, subj.key, STATIC_LINKS, null);
      if (page) files.set(STATIC_LINKS.item(s.slug, subj.key), String(await page));
    }
    files.set(STATIC_LINKS.csv(s.slug), openDataCsv(s));
    files.set(`${fileKey(s.slug)}.json`, `${JSON.stringify(openDataJson(s), null, 2)}\n`);
  }
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of files) await writeFile(join(outDir, name), content);
  return [...files.keys()];
}
