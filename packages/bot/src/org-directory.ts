import type { Actor, Platform } from '@jixiao/db';
import { type DirectoryOrg, type DirectoryRegion, listOrgDirectory } from '@jixiao/db/chat';
import { normalizeText } from './parser/index.ts';

const TTL_MS = 60_000;

/** Where a named place lies against the asker's scope. */
export type ScopeRelation = 'inside' | 'contains' | 'outside';

/** A department, unit or region an official named, resolved. */
export interface Place {
  name: string;
  path: string;
  relation: ScopeRelation;
}

export type PlaceMatch = { kind: 'found'; place: Place } | { kind: 'ambiguous'; names: string[] } | null;

const compact = (s: string) => normalizeText(s).replace(/[^\p{L}\p{N}]+/gu, '');

/** 委员会 → 委, 办公室 → 办: the short forms names are abbreviated to ("卫健委", "市府办"). */
function shortSuffix(name: string): string {
  return name.replace(/委员会$/u, '委').replace(/办公室$/u, '办');
}

/** Each character of `short` in order inside `long` (an abbreviation: 住建局 ⊂ 住房和城乡建设局). */
function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const ch of short) {
    at = long.indexOf(ch, at);
    if (at < 0) return false;
    at += ch.length;
  }
  return true;
}

/**
 * How well an official's name for an org unit fits its full name without the region prefix: the
 * same name 1; the full name's tail ("城市建设服务中心" for "景德镇市城市建设服务中心") 1; a part
 * ending like the name 0.9; an abbreviation keeping the first and last character 0.85 ("住建局",
 * "卫健委", "人社局"); else 0.
 */
function orgScore(query: string, core: string): number {
  if (query === core) return 1;
  const short = shortSuffix(core);
  if (query === short) return 1;
  const last = Array.from(short).at(-1);
  if (Array.from(query).at(-1) !== last) return 0;
  if (Array.from(query).length >= 3 && (core.includes(query) || short.includes(query))) return 0.9;
  if (Array.from(query).length >= 2 && query[0] === core[0] && isSubsequence(query, short)) return 0.85;
  return 0;
}

/** The organisation chart: departments, units and regions by name, for questions naming them. */
export class OrgDirectory {
  private readonly regionById: Map<number, DirectoryRegion>;
  private readonly regionNames: DirectoryRegion[];
  private readonly cores: Array<{ org: DirectoryOrg; core: string }>;

  constructor(
    readonly orgs: readonly DirectoryOrg[],
    readonly regions: readonly DirectoryRegion[],
  ) {
    this.regionById = new Map(regions.map((r) => [r.id, r]));
    this.regionNames = [...regions].sort((a, b) => b.name.length - a.name.length);
    this.cores = orgs.map((org) => ({ org, core: this.withoutRegion(compact(org.name)) }));
  }

  private withoutRegion(name: string): string {
    for (const r of this.regionNames) {
      const prefix = compact(r.name);
      if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
    }
    return name;
  }

  /** The region (city, county) an actor belongs to, or the one of `level` above it. */
  private regionOf(actor: Actor, level: 'city' | 'county'): DirectoryRegion | undefined {
    const start = actor.regionId === null ? undefined : this.regionById.get(actor.regionId);
    for (let r = start; r; r = r.parentId ? this.regionById.get(r.parentId) : undefined) {
      if (r.level === level) return r;
    }
    return undefined;
  }

  /** The name of what the actor sees ("景德镇市住房和城乡建设局", "景德镇市"). */
  scopeName(actor: Actor): string | undefined {
    return (
      this.orgs.find((o) => o.path === actor.scopePath)?.name ??
      this.regions.find((r) => r.path === actor.scopePath)?.name
    );
  }

  private place(name: string, path: string, actor: Actor): Place {
    const relation: ScopeRelation = path.startsWith(actor.scopePath)
      ? 'inside'
      : actor.scopePath.startsWith(path)
        ? 'contains'
        : 'outside';
    return { name, path, relation };
  }

  /** A region by name ("浮梁县"), or the asker's own for 全市 / 全县 / 本市. */
  private findRegion(query: string, actor: Actor): DirectoryRegion | undefined {
    if (/^(?:全|本)市$/u.test(query)) return this.regionOf(actor, 'city');
    if (/^(?:全|本)(?:县|区)$/u.test(query)) return this.regionOf(actor, 'county');
    return this.regions.find((r) => compact(r.name) === query);
  }

  /**
   * The department, unit or region `name` refers to: full names, names without the region prefix,
   * short names ("住建局", "卫健委"), a region-qualified name ("浮梁县住建局"). Among equally good
   * matches, one in the asker's scope, then one in the asker's own region, wins; otherwise ambiguous.
   */
  find(name: string, actor: Actor): PlaceMatch {
    let query = compact(name);
    if (!query) return null;
    const region = this.findRegion(query, actor);
    if (region) return { kind: 'found', place: this.place(region.name, region.path, actor) };
    let regionFilter: number | undefined;
    for (const r of this.regionNames) {
      const prefix = compact(r.name);
      if (query.startsWith(prefix) && query.length > prefix.length) {
        regionFilter = r.id;
        query = query.slice(prefix.length);
        break;
      }
    }
    const home = this.regionOf(actor, 'county')?.id ?? this.regionOf(actor, 'city')?.id;
    const ranked = this.cores
      .filter(({ org }) => regionFilter === undefined || org.regionId === regionFilter)
      .map(({ org, core }) => ({
        org,
        score: orgScore(query, core),
        rank:
          (org.path.startsWith(actor.scopePath) ? 2 : 0) + (org.regionId === (regionFilter ?? home) ? 1 : 0),
      }))
      .filter((m) => m.score > 0)
      .sort((a, b) => b.score - a.score || b.rank - a.rank || a.org.name.length - b.org.name.length);
    const [top, second] = ranked;
    if (!top) return null;
    if (second && second.score === top.score && second.rank === top.rank) {
      return { kind: 'ambiguous', names: ranked.slice(0, 5).map((m) => m.org.name) };
    }
    return { kind: 'found', place: this.place(top.org.name, top.org.path, actor) };
  }
}

/** The directory, re-read at most once a minute (org charts change rarely; a question must stay fast). */
export class OrgDirectoryCache {
  private entry: { at: number; directory: Promise<OrgDirectory> } | null = null;

  get(platform: Platform): Promise<OrgDirectory> {
    const now = Date.now();
    if (this.entry && now - this.entry.at < TTL_MS) return this.entry.directory;
    const directory = listOrgDirectory(platform.db).then((d) => new OrgDirectory(d.orgs, d.regions));
    const entry = { at: now, directory };
    this.entry = entry;
    directory.catch(() => {
      if (this.entry === entry) this.entry = null;
    });
    return directory;
  }
}
