import type { IndicatorLevel2, ItemKind, Operator } from '@jixiao/core';
import type { IndicatorTemplate } from '@jixiao/plugin-kit';
import type { Placement, Sector } from './sectors.ts';

/** An indicator of a demo library: a plugin's template, whose quantity may grow with the money. */
export interface LibraryIndicator extends IndicatorTemplate {
  /** `typicalTarget` is per 100万元 of the approved amount (so many 人次 for so much money). */
  scaled?: boolean;
}

/** Units counted in whole numbers. */
export const WHOLE_UNITS: ReadonlySet<string> = new Set([
  '人',
  '人次',
  '个',
  '所',
  '间',
  '台',
  '台套',
  '套',
  '户',
  '座',
  '处',
  '家',
  '项',
  '条',
  '场',
  '张',
  '辆',
  '盏',
  '株',
  '批次',
  '件',
  '册',
  '枚',
  '起',
  '种',
]);

/** Units of things that add up over the year (so far this year, not a level or a rate). */
export const CUMULATIVE_UNITS: ReadonlySet<string> = new Set([
  ...WHOLE_UNITS,
  '万人次',
  '万元',
  '亿元',
  '万斤',
  '亩',
  '万亩',
  '公里',
  '平方米',
  '万平方米',
  '公顷',
  '平方公里',
  '万册次',
]);

/** What kind of work an item is: decides its common indicators, payment pattern and excuses. */
export type Nature = 'construction' | 'equipment' | 'service' | 'subsidy' | 'program' | 'fund';

/**
 * A kind of item a body of `sector` runs with money of one fund type. `name` has no year and no
 * region; `{地}` in it takes each of `places` (or, for `towns`, each town of the owner's county),
 * so one template can give several items with different names.
 */
export interface ItemTemplate {
  fund: string;
  name: string;
  at: readonly Placement[];
  /** Run by any department or unit of any sector (`at` is then empty). */
  everywhere?: boolean;
  nature: Nature;
  /** City-level bodies only, or county-level only; both when absent. */
  level?: 'city' | 'county';
  kind?: ItemKind;
  /** Approved amount range in 万元; the fund type's range when absent. */
  wan?: readonly [number, number];
  places?: readonly string[] | 'towns';
  /** Indicator names from the sector's library or the fund type's; the rest is filled in. */
  indicators: readonly string[];
}

/** A sector's own indicator library and the items its bodies run. */
export interface SectorCatalog {
  sector: Sector;
  library: readonly LibraryIndicator[];
  templates: readonly ItemTemplate[];
}

const build = (
  name: string,
  level1: LibraryIndicator['level1'],
  level2: IndicatorLevel2,
  operator: Operator,
  typicalTarget: LibraryIndicator['typicalTarget'],
  unit: string,
  scaled = false,
): LibraryIndicator => ({
  name,
  level1,
  level2,
  operator,
  typicalTarget,
  unit,
  ...(scaled ? { scaled } : {}),
});

/** Output quantity: a count that grows with the money (`per100Wan`), or a fixed one. */
export const perMoney = (name: string, unit: string, per100Wan: number) =>
  build(name, 'output', 'quantity', 'gte', per100Wan, unit, true);
export const count = (name: string, unit: string, target: number) =>
  build(name, 'output', 'quantity', 'gte', target, unit);
export const quality = (name: string, target: number | string, operator: Operator = 'gte', unit = '%') =>
  build(name, 'output', 'quality', typeof target === 'string' ? 'qualitative' : operator, target, unit);
export const timeliness = (name: string, target: number | string, operator: Operator = 'gte', unit = '%') =>
  build(name, 'output', 'timeliness', typeof target === 'string' ? 'qualitative' : operator, target, unit);
export const cost = (name: string, target: number, unit: string, operator: Operator = 'lte') =>
  build(name, 'output', 'cost', operator, target, unit);
/** Benefit: a number (with unit and operator), a count growing with the money, or a text target. */
export const benefit = (
  level2: 'economic' | 'social' | 'ecological' | 'sustainable',
  name: string,
  target: number | string,
  unit = '',
  operator: Operator = 'gte',
) => build(name, 'benefit', level2, typeof target === 'string' ? 'qualitative' : operator, target, unit);
export const benefitPerMoney = (
  level2: 'economic' | 'social' | 'ecological' | 'sustainable',
  name: string,
  unit: string,
  per100Wan: number,
) => build(name, 'benefit', level2, 'gte', per100Wan, unit, true);
export const satisfaction = (name: string, target = 90) =>
  build(name, 'satisfaction', 'satisfaction', 'gte', target, '%');

/**
 * Indicators any sector's items of a nature use for what their own list leaves out (quality,
 * timeliness, a lasting benefit, satisfaction), when the fund type's library has none that fits.
 */
export const COMMON_LIBRARY: Readonly<Record<Nature, readonly LibraryIndicator[]>> = {
  construction: [
    quality('工程验收合格率', 100, 'eq'),
    timeliness('工程按期完工率', 100),
    cost('投资概算控制率', 100, '%'),
    benefit('sustainable', '工程长效管护', '建成后及时移交管护单位，管护责任和经费落实'),
    satisfaction('周边群众满意度', 88),
  ],
  equipment: [
    quality('设备验收合格率', 100, 'eq'),
    timeliness('设备按期交付使用率', 100),
    cost('采购预算控制率', 100, '%'),
    benefit('sustainable', '设备完好率', 95, '%'),
    satisfaction('使用人员满意度', 90),
  ],
  service: [
    quality('服务考核合格率', 95),
    timeliness('服务按计划完成率', 95),
    benefit('sustainable', '服务长效机制', '服务标准和考核办法健全并持续执行'),
    satisfaction('服务对象满意度', 90),
  ],
  subsidy: [
    quality('补助对象认定准确率', 100, 'eq'),
    timeliness('补助资金按时足额发放率', 100, 'eq'),
    benefit('sustainable', '政策持续发挥作用', '政策执行规范，受益对象稳定享受补助'),
    satisfaction('受益对象满意度', 90),
  ],
  program: [
    quality('任务验收合格率', 100, 'eq'),
    timeliness('任务按期完成率', 95),
    benefit('sustainable', '工作机制长效运行', '形成常态化工作机制'),
    satisfaction('服务对象满意度', 90),
  ],
  fund: [],
};
