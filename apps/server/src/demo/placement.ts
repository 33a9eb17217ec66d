import { CITY, CITY_DEPARTMENTS, COUNTIES, COUNTY_DEPARTMENTS, TOWNS } from './catalog.ts';
import type { DemoOrg, DemoRegion } from './generate.ts';
import type { ItemTemplate } from './library.ts';
import { type FundPlan, SCENARIO_SLOTS, templatesFor } from './plan.ts';
import type { Random } from './random.ts';
import type { Sector } from './sectors.ts';

/**
 * Gives every finance bureau, department and unit its sector and what it does (`department` for
 * the bureau or department itself, the unit's function for a unit), from the catalog.
 */
export function annotateOrgs(orgs: DemoOrg[]): void {
  for (const org of orgs) {
    if (org.kind === 'finance_bureau') {
      org.sector = 'finance';
      org.does = 'department';
      continue;
    }
    if (!org.deptCode) continue;
    const specs = org.regionKey === CITY.code ? CITY_DEPARTMENTS : COUNTY_DEPARTMENTS;
    const spec = specs.find((d) => d.code === org.deptCode);
    if (!spec) continue;
    org.sector = spec.sector;
    if (org.kind === 'department') {
      org.does = 'department';
    } else {
      const prefix = COUNTIES.find((c) => c.code === org.regionKey)?.name ?? '';
      org.does = spec.units.find(
        (u) => `${org.regionKey === CITY.code ? '' : prefix}${u.name}` === org.name,
      )?.does;
    }
  }
}

/** An item a template can become: who runs it and what it is called (without the year). */
export interface Candidate {
  org: DemoOrg;
  name: string;
  /** The work itself (the template's name with its place), for the description. */
  work: string;
}

function placesFor(template: ItemTemplate, org: DemoOrg): readonly (string | null)[] {
  if (!template.places) return [null];
  if (template.places !== 'towns') return template.places;
  if (org.regionKey !== CITY.code) return TOWNS[org.regionKey] ?? [];
  return COUNTIES.flatMap((c) => (TOWNS[c.code] ?? []).map((town) => `${c.name}${town}`));
}

/** How an item is called: a unit's items carry the unit's name, a county's the county's. */
function nameAt(work: string, org: DemoOrg, regions: readonly DemoRegion[], everywhere: boolean): string {
  if (org.kind === 'unit' || everywhere) return `${org.name}${work}`;
  if (org.regionKey === CITY.code) return work;
  return `${regions.find((r) => r.key === org.regionKey)?.spec.name ?? ''}${work}`;
}

/** Every body of the template's sector and placement (and level) that could run it, under each name it could take. */
function candidatesFor(
  template: ItemTemplate,
  sector: Sector | null,
  orgs: readonly DemoOrg[],
  regions: readonly DemoRegion[],
): Candidate[] {
  const fits = (org: DemoOrg) =>
    org.sector !== undefined &&
    org.does !== undefined &&
    (template.everywhere
      ? org.kind !== 'finance_bureau'
      : org.sector === sector && template.at.includes(org.does)) &&
    (template.level === undefined || (template.level === 'city') === (org.regionKey === CITY.code));
  return orgs.filter(fits).flatMap((org) =>
    placesFor(template, org).map((place) => {
      const work = template.name.replace('{地}', place ?? '');
      return { org, name: nameAt(work, org, regions, template.everywhere === true), work };
    }),
  );
}

export interface PlacedItem {
  sector: Sector;
  template: ItemTemplate;
  candidate: Candidate;
}

/**
 * Picks `plan.count` items of the plan's fund type from its sector templates: first one from each
 * template that suits the rule scenarios (in catalog order, for the scenario slots), then rounds
 * over all templates in shuffled order, each time one of the template's still-free bodies and
 * names (a county's where both fit, with the plan's county share). No name is used twice
 * (`taken` is shared across fund types); a plan runs short rather than repeat itself.
 */
export function placeItems(
  plan: FundPlan,
  orgs: readonly DemoOrg[],
  regions: readonly DemoRegion[],
  taken: Set<string>,
  rng: Random,
): PlacedItem[] {
  const open = templatesFor(plan.fundTypeId).map((st) => ({
    ...st,
    candidates: candidatesFor(st.template, st.sector, orgs, regions),
  }));
  const free = (entry: (typeof open)[number]) => entry.candidates.filter((c) => !taken.has(c.name));
  const placed: PlacedItem[] = [];
  const take = (entry: (typeof open)[number]) => {
    const options = free(entry);
    if (options.length === 0) return;
    const city = options.filter((c) => c.org.regionKey === CITY.code);
    const county = options.filter((c) => c.org.regionKey !== CITY.code);
    const pool =
      city.length > 0 && county.length > 0 ? (rng.chance(plan.countyShare) ? county : city) : options;
    const candidate = rng.pick(pool);
    taken.add(candidate.name);
    placed.push({
      sector: entry.sector ?? (candidate.org.sector as Sector),
      template: entry.template,
      candidate,
    });
  };
  const suited = open.filter((e) => !plan.suitsScenarios || plan.suitsScenarios(e.template));
  while (placed.length < Math.min(SCENARIO_SLOTS, plan.count)) {
    const next = suited.filter((e) => free(e).length > 0);
    if (next.length === 0) break;
    for (const entry of next.slice(0, Math.min(SCENARIO_SLOTS, plan.count) - placed.length)) take(entry);
  }
  while (placed.length < plan.count) {
    const round = rng.shuffle(open.filter((e) => free(e).length > 0));
    if (round.length === 0) break;
    for (const entry of round.slice(0, plan.count - placed.length)) take(entry);
  }
  return placed;
}

/** The city body that runs a fund type of `sector` it has no template for: the department itself, or the finance bureau. */
export function cityOwnerOf(sector: Sector, orgs: readonly DemoOrg[]): DemoOrg | undefined {
  return orgs.find((o) => o.regionKey === CITY.code && o.sector === sector && o.does === 'department');
}
