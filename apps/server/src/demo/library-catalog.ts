import type { IndicatorLevel1, IndicatorLevel2, IndicatorStandard, Operator, Sector } from '@jixiao/core';
import { COMMON_LIBRARY, type LibraryIndicator } from './library.ts';
import { SECTOR_CATALOGS } from './projects/index.ts';
import type { Sector as DemoSector } from './sectors.ts';

/** A core indicator of the demo city's library: the common framework (no sector) or a sector's. */
export interface DemoLibraryEntry {
  key: string;
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  unit: string;
  standard: IndicatorStandard;
  sector: Sector | null;
  referenceValue: number | null;
  referenceMin: number | null;
  referenceMax: number | null;
  guidance: string;
  source: string;
}

const SOURCE = '景德镇市预算绩效指标库（景党发〔2019〕18号§十四）';

/** The platform's 行业领域 of each of the demo's sectors (支出功能分类 grouped as the library groups them). */
export const LIBRARY_SECTOR: Readonly<Record<DemoSector, Sector>> = {
  education: 'education',
  health: 'health',
  medical_security: 'health',
  housing: 'housing',
  urban_management: 'urban_rural',
  transport: 'transport',
  water: 'agriculture',
  agriculture: 'agriculture',
  forestry: 'agriculture',
  environment: 'environment',
  natural_resources: 'natural_resources',
  civil_affairs: 'social_security',
  veterans: 'social_security',
  human_resources: 'social_security',
  culture_tourism: 'culture',
  sport: 'culture',
  public_security: 'public_safety',
  emergency: 'emergency',
  market_regulation: 'general_services',
  industry: 'industry',
  ceramics: 'industry',
  science: 'science',
  commerce: 'industry',
  development_reform: 'general_services',
  state_assets: 'general_services',
  finance: 'general_services',
};

/**
 * The reference a reviewer compares a target with: a rate's usual band up to 100%, a count's
 * usual spread around the city's typical value; a count that follows the money has none (it
 * depends on the amount), nor has a text target.
 */
function reference(
  t: LibraryIndicator,
): Pick<DemoLibraryEntry, 'referenceValue' | 'referenceMin' | 'referenceMax'> {
  const v = typeof t.typicalTarget === 'number' && !t.scaled ? t.typicalTarget : null;
  if (v === null) return { referenceValue: null, referenceMin: null, referenceMax: null };
  if (t.unit === '%') {
    return t.operator === 'lte'
      ? { referenceValue: v, referenceMin: null, referenceMax: v }
      : { referenceValue: v, referenceMin: Math.max(0, v - 15), referenceMax: 100 };
  }
  return { referenceValue: v, referenceMin: Math.round(v * 0.5), referenceMax: Math.round(v * 2) };
}

function entry(key: string, sector: Sector | null, t: LibraryIndicator): DemoLibraryEntry {
  const { referenceValue } = reference(t);
  return {
    key,
    name: t.name,
    level1: t.level1,
    level2: t.level2,
    operator: t.operator,
    unit: t.unit,
    standard: t.unit === '%' ? 'industry' : 'plan',
    sector,
    ...reference(t),
    guidance:
      referenceValue === null
        ? '按项目实施方案和资金规模确定目标值'
        : `参考值为本市同类项目近三年的常见目标值${t.unit === '%' ? '' : `（${referenceValue}${t.unit}）`}，偏离参考区间须说明依据`,
    source: SOURCE,
  };
}

/** The common indicators of each kind of work, once each (a name shared by two kinds is one entry). */
const COMMON: DemoLibraryEntry[] = [
  ...new Map(Object.values(COMMON_LIBRARY).flatMap((list) => list.map((t) => [t.name, t] as const))).values(),
].map((t) => entry(`common:${t.name}`, null, t));

/** Each sector's own indicators (names are unique across sectors). */
const SECTORS_LIBRARY: DemoLibraryEntry[] = Object.values(SECTOR_CATALOGS).flatMap((catalog) =>
  catalog.library.map((t) => entry(`${catalog.sector}:${t.name}`, LIBRARY_SECTOR[catalog.sector], t)),
);

/** The city's indicator library, built from the same catalogues the demo's projects take their indicators from. */
export const DEMO_LIBRARY: readonly DemoLibraryEntry[] = [...COMMON, ...SECTORS_LIBRARY];

/** 行业 of the city's and counties' departments (支出功能分类 of their main spending). */
export const DEPARTMENT_SECTORS: Readonly<Record<string, Sector>> = {
  EDU: 'education',
  HEALTH: 'health',
  MEDSEC: 'health',
  TRANS: 'transport',
  AGRI: 'agriculture',
  WATER: 'agriculture',
  FOREST: 'agriculture',
  HOUSING: 'urban_rural',
  URBAN: 'urban_rural',
  CULTURE: 'culture',
  SPORT: 'culture',
  CERAMIC: 'industry',
  MIIT: 'industry',
  COMM: 'industry',
  ECO: 'environment',
  CIVIL: 'social_security',
  HRSS: 'social_security',
  VETERAN: 'social_security',
  NATRES: 'natural_resources',
  POLICE: 'public_safety',
  SCI: 'science',
  EMERG: 'emergency',
  NDRC: 'general_services',
  SASAC: 'general_services',
  SAMR: 'general_services',
};

/** Credentials of the demo's third-party institutions (DI-3 财预〔2021〕6号). */
export const INSTITUTION_DETAILS: Readonly<Record<string, { credentials: string; creditCode: string }>> = {
  江西正德会计师事务所: {
    credentials:
      '会计师事务所执业证书；省财政厅预算绩效管理第三方机构库入库机构；近三年承接市县绩效评价项目46个',
    creditCode: '91360200MA35F7QX2K',
  },
  江西省财经研究院绩效评价中心: {
    credentials: '事业单位法人；省级预算绩效管理专家库依托单位；承担省直部门事前绩效评估工作',
    creditCode: '12360000491015288R',
  },
};
