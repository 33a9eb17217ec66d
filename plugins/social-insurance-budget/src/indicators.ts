import type { IndicatorTemplate } from '@jixiao/plugin-kit';

const S = '财社〔2022〕65号';

/** Core indicators for social-insurance funds (OT-5: 决策、过程、产出、效益; 精算平衡). */
export const indicatorLibrary: readonly IndicatorTemplate[] = [
  {
    name: '参保人数',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    typicalTarget: 100,
    unit: '万人',
    source: S,
  },
  {
    name: '法定人员参保率',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    typicalTarget: 95,
    unit: '%',
    source: S,
  },
  {
    name: '基金征缴率',
    level1: 'output',
    level2: 'quality',
    operator: 'gte',
    typicalTarget: 95,
    unit: '%',
    source: S,
  },
  {
    name: '待遇按时足额发放率',
    level1: 'output',
    level2: 'timeliness',
    operator: 'eq',
    typicalTarget: 100,
    unit: '%',
    source: S,
  },
  {
    name: '基金累计结余可支付月数',
    level1: 'benefit',
    level2: 'sustainable',
    operator: 'gte',
    typicalTarget: 6,
    unit: '个月',
    source: S,
  },
  {
    name: '基金当期收支平衡率',
    level1: 'benefit',
    level2: 'sustainable',
    operator: 'gte',
    typicalTarget: 100,
    unit: '%',
    source: S,
  },
  {
    name: '待遇调整政策落实',
    level1: 'benefit',
    level2: 'social',
    operator: 'qualitative',
    typicalTarget: '按国家和省规定及时调整并落实待遇标准',
    unit: '',
    source: S,
  },
  {
    name: '参保对象满意度',
    level1: 'satisfaction',
    level2: 'satisfaction',
    operator: 'gte',
    typicalTarget: 90,
    unit: '%',
    source: S,
  },
];
