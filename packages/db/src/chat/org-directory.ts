import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { orgUnits, regions } from '../schema/index.ts';

export interface DirectoryOrg {
  id: number;
  name: string;
  kind: 'finance_bureau' | 'department' | 'unit';
  path: string;
  parentId: number | null;
  regionId: number;
}

export interface DirectoryRegion {
  id: number;
  name: string;
  level: 'province' | 'city' | 'county';
  path: string;
  parentId: number | null;
}

/**
 * Every region and every government org unit with its place in the tree: names officials use in
 * questions ("住建局", "浮梁县"), so an answer can say whether one lies in the asker's scope. Only
 * names and paths (the organisation chart, no data of anyone's scope); bounded by `limit`.
 */
export async function listOrgDirectory(
  db: DbOrTx,
  limit = 20_000,
): Promise<{ orgs: DirectoryOrg[]; regions: DirectoryRegion[] }> {
  const [orgRows, regionRows] = await Promise.all([
    db
      .select({
        id: orgUnits.id,
        name: orgUnits.name,
        kind: orgUnits.kind,
        path: orgUnits.path,
        parentId: orgUnits.parentId,
        regionId: orgUnits.regionId,
      })
      .from(orgUnits)
      .where(inArray(orgUnits.kind, ['finance_bureau', 'department', 'unit']))
      .orderBy(asc(orgUnits.id))
      .limit(limit),
    db
      .select({
        id: regions.id,
        name: regions.name,
        level: regions.level,
        path: regions.path,
        parentId: regions.parentId,
      })
      .from(regions)
      .orderBy(asc(regions.id))
      .limit(limit),
  ]);
  return { orgs: orgRows as DirectoryOrg[], regions: regionRows };
}
