import type { ItemKind } from '@jixiao/core';
import type { ItemTemplate } from './library.ts';
import { SECTOR_CATALOGS } from './projects/index.ts';
import { SHARED_TEMPLATES } from './projects/shared.ts';
import type { Sector } from './sectors.ts';

/** How many demo items of each fund type, and how they are shaped; what they are comes from the sector catalogs. */
export interface FundPlan {
  fundTypeId: string;
  count: number;
  /** The kind of item, unless the template says otherwise. */
  kind: ItemKind;
  /** Chance that an item whose template fits both a city and a county body goes to the county. */
  countyShare: number;
  amountWan: readonly [number, number];
  multiYearShare: number;
  /**
   * Whether the fund type's own indicator library fits its items. The general budget's does not:
   * it describes the budget as a whole (收入完成率, “三保”), so its spending projects take their
   * sector's indicators, and only the revenue plans take the fund type's.
   */
  fundLibraryFits: boolean;
  /** The first items carry the fund type's rule scenarios (attributes.ts): only these templates suit them. */
  suitsScenarios?: (template: ItemTemplate) => boolean;
}

/** Items per fund type whose attributes trip that fund type's rules (see attributes.ts). */
export const SCENARIO_SLOTS = 5;

export const FUND_PLANS: readonly FundPlan[] = [
  {
    fundTypeId: 'general-budget',
    count: 146,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [20, 3000],
    multiYearShare: 0.08,
    fundLibraryFits: false,
  },
  {
    fundTypeId: 'gov-fund-budget',
    count: 24,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [200, 20000],
    multiYearShare: 0.1,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'soe-capital-budget',
    count: 10,
    kind: 'project',
    countyShare: 0,
    amountWan: [500, 30000],
    multiYearShare: 0,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'social-insurance-budget',
    count: 7,
    kind: 'policy',
    countyShare: 0,
    amountWan: [5000, 400000],
    multiYearShare: 0,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'investment-fund',
    count: 8,
    kind: 'policy',
    countyShare: 0,
    amountWan: [3000, 50000],
    multiYearShare: 0.6,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'ppp',
    count: 14,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [800, 12000],
    multiYearShare: 1,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'procurement',
    count: 60,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [10, 2000],
    multiYearShare: 0,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'purchased-services',
    count: 50,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [20, 1500],
    multiYearShare: 0.2,
    fundLibraryFits: true,
  },
  {
    fundTypeId: 'debt',
    count: 40,
    kind: 'project',
    countyShare: 0.3,
    amountWan: [2000, 60000],
    multiYearShare: 0.5,
    fundLibraryFits: true,
    // The scenarios are written for special bonds (project revenue, financing balance).
    suitsScenarios: (t) => !t.name.includes('一般债券'),
  },
  {
    fundTypeId: 'special-transfer',
    count: 30,
    kind: 'transfer_payment',
    countyShare: 0,
    amountWan: [100, 8000],
    multiYearShare: 0,
    fundLibraryFits: true,
  },
];

export interface SectorTemplate {
  /** null for a template every sector's bodies run (the item takes its owner's sector). */
  sector: Sector | null;
  template: ItemTemplate;
}

/** Every sector's templates for a fund type, in catalog order, then the shared ones. */
export function templatesFor(fundTypeId: string): SectorTemplate[] {
  const ofSectors = Object.values(SECTOR_CATALOGS).flatMap((catalog) =>
    catalog.templates
      .filter((template) => template.fund === fundTypeId)
      .map((template) => ({ sector: catalog.sector, template })),
  );
  const shared = SHARED_TEMPLATES.filter((t) => t.fund === fundTypeId).map((template) => ({
    sector: null,
    template,
  }));
  return [...ofSectors, ...shared];
}
