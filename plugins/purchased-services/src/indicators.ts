import type { IndicatorTemplate } from '@jixiao/plugin-kit';

const S = '财政部令第102号';

/** Core indicators for purchased services. */
export const indicatorLibrary: readonly IndicatorTemplate[] = [
  {
    name: '服务提供数量完成率',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    typicalTarget: 100,
    unit: '%',
    source: S,
  },
  {
    name: '服务质量达标率',
    level1: 'output',
    level2: 'quality',
    operator: 'gte',
    typicalTarget: 95,
    unit: '%',
    source: S,
  },
  {
    name: '服务按时提供率',
    level1: 'output',
    level2: 'timeliness',
    operator: 'gte',
    typicalTarget: 95,
    unit: '%',
    source: S,
  },
  {
    name: '服务成本控制率',
    level1: 'output',
    level2: 'cost',
    operator: 'lte',
    typicalTarget: 100,
    unit: '%',
    source: S,
  },
  {
    name: '服务覆盖目标人群比例',
    level1: 'benefit',
    level2: 'social',
    operator: 'gte',
    typicalTarget: 90,
    unit: '%',
    source: S,
  },
  {
    name: '按绩效付费比例',
    level1: 'benefit',
    level2: 'sustainable',
    operator: 'gte',
    typicalTarget: 30,
    unit: '%',
    source: S,
  },
  {
    name: '第三方绩效评价结果',
    level1: 'benefit',
    level2: 'sustainable',
    operator: 'qualitative',
    typicalTarget: '第三方绩效评价等级为良及以上',
    unit: '',
    source: '财预〔2021〕6号',
  },
  {
    name: '服务对象满意度',
    level1: 'satisfaction',
    level2: 'satisfaction',
    operator: 'gte',
    typicalTarget: 90,
    unit: '%',
    source: S,
  },
];
