import { isPublic, type PublicationDraft, type PublicSnapshot } from '@jixiao/core';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { publications, regions } from '../schema/index.ts';

/** One published version as the public sees it: its number, date, correction note and content. */
export interface PublishedVersion {
  version: number;
  publishOn: string;
  note: string | null;
  snapshot: PublicSnapshot;
}

/** A published set (a region's budget or final-accounts publication of a year) with its versions. */
export interface PublishedSet {
  slug: string;
  regionId: number;
  regionCode: string;
  regionName: string;
  fiscalYear: number;
  draft: PublicationDraft;
  /** The latest published version. */
  current: PublishedVersion;
  /** All published versions, oldest first. */
  versions: PublishedVersion[];
}

/** Where a published set lives under `/public/` (pages, charts, open data, links in messages). */
export const publishedSlug = (regionCode: string, fiscalYear: number, draft: PublicationDraft) =>
  `${regionCode}-${fiscalYear}-${draft === 'budget' ? 'budget' : 'final'}`;

/**
 * Every published set: approved versions whose date has come, and nothing else. This is the only
 * way the public side reads publications (it never sees drafts, raw snapshots or reviewers).
 */
export async function publishedSets(db: DbOrTx, today: string): Promise<PublishedSet[]> {
  const rows = await db
    .select({
      regionId: publications.regionId,
      regionCode: regions.code,
      regionName: regions.name,
      fiscalYear: publications.fiscalYear,
      draft: publications.draft,
      version: publications.version,
      status: publications.status,
      publishOn: publications.publishOn,
      note: publications.note,
      snapshot: publications.public,
    })
    .from(publications)
    .innerJoin(regions, eq(regions.id, publications.regionId))
    .where(and(eq(publications.status, 'approved'), lte(publications.publishOn, today)))
    .orderBy(
      asc(regions.code),
      asc(publications.fiscalYear),
      asc(publications.draft),
      asc(publications.version),
    );
  const sets = new Map<string, PublishedSet>();
  for (const r of rows) {
    if (!isPublic(r, today) || r.publishOn === null) continue;
    const slug = publishedSlug(r.regionCode, r.fiscalYear, r.draft);
    const v: PublishedVersion = {
      version: r.version,
      publishOn: r.publishOn,
      note: r.note,
      snapshot: r.snapshot,
    };
    const set = sets.get(slug);
    if (set) {
      set.versions.push(v);
      set.current = v;
    } else {
      sets.set(slug, {
        slug,
        regionId: r.regionId,
        regionCode: r.regionCode,
        regionName: r.regionName,
        fiscalYear: r.fiscalYear,
        draft: r.draft,
        current: v,
        versions: [v],
      });
    }
  }
  return [...sets.values()];
}

/** What the public side shows right now, and the key that changes whenever it does. */
export interface PublicState {
  /** Changes when a version is approved (a set published or corrected) or a publication date comes. */
  key: string;
  /** When the newest public version became public (for Last-Modified); null when nothing is. */
  lastModified: Date | null;
  sets: PublishedSet[];
}

/**
 * The public reads behind one cheap query (DI-4): approved versions never change (a database
 * trigger), so what is public changes only when a version is approved or a publication date comes —
 * and the count, highest id and `today` of the public versions change with it. Every request reads
 * that key; the sets are loaded again only when it moved.
 */
export class PublishedSetsCache {
  private entry: PublicState | null = null;

  async read(db: DbOrTx, today: string): Promise<PublicState> {
    const [stamp] = await db
      .select({
        n: sql<number>`count(*)::int`,
        maxId: sql<number | null>`max(${publications.id})`,
        at: sql<
          number | null
        >`extract(epoch from max(greatest(${publications.reviewedAt}, ${publications.publishOn}::timestamp at time zone 'Asia/Shanghai')))::float8`,
      })
      .from(publications)
      .where(and(eq(publications.status, 'approved'), lte(publications.publishOn, today)));
    const key = `${today}:${stamp?.n ?? 0}:${stamp?.maxId ?? 0}`;
    if (this.entry?.key === key) return this.entry;
    const entry: PublicState = {
      key,
      lastModified: stamp?.at != null ? new Date(Number(stamp.at) * 1000) : null,
      sets: await publishedSets(db, today),
    };
    this.entry = entry;
    return entry;
  }
}
