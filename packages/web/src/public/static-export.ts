import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbOrTx } from '@jixiao/db';
import { publishedSets } from '@jixiao/db/publications';
import { fileKey, staticLinks } from './links.ts';
import { openDataCsv, openDataJson } from './open-data.ts';
import {
  departmentPage,
  INDEX_FILTER_SCRIPT,
  indexPage,
  itemPage,
  searchIndexPage,
  setPage,
  surveyHelpPage,
} from './pages.ts';

const FILTER_SCRIPT = 'index-filter.js';

/**
 * Writes the public site as static files for a government portal: the same pages and open data,
 * all links relative; per year a search index page (every department and item by name, with an
 * optional filter script) and a page on how to take part in the survey, linking each item to the
 * live server at `liveBaseUrl` (a static host cannot take answers). Returns the files written.
 */
export async function exportStaticSite(
  db: DbOrTx,
  today: string,
  outDir: string,
  opts: { liveBaseUrl?: string | null } = {},
): Promise<string[]> {
  const links = staticLinks(opts.liveBaseUrl ?? null);
  const sets = await publishedSets(db, today);
  const files = new Map<string, string>();
  files.set(links.home(), String(await indexPage(sets, links)));
  files.set(FILTER_SCRIPT, INDEX_FILTER_SCRIPT);
  for (const s of sets) {
    files.set(links.set(s.slug), String(await setPage(s, links)));
    files.set(links.index(s.slug) as string, String(await searchIndexPage(s, links, FILTER_SCRIPT)));
    files.set(links.surveyHelp(s.slug) as string, String(await surveyHelpPage(s, links)));
    for (const d of s.current.snapshot.departments) {
      const page = departmentPage(s, d.key, links);
      if (page) files.set(links.department(s.slug, d.key), String(await page));
    }
    for (const subj of s.current.snapshot.subjects) {
      if (subj.kind !== 'item') continue;
      const page = itemPage(s, subj.key, links, null);
      if (page) files.set(links.item(s.slug, subj.key), String(await page));
    }
    files.set(links.csv(s.slug), openDataCsv(s));
    files.set(`${fileKey(s.slug)}.json`, `${JSON.stringify(openDataJson(s), null, 2)}\n`);
  }
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of files) await writeFile(join(outDir, name), content);
  return [...files.keys()];
}
