import type { ItemTemplate } from '../library.ts';

/**
 * What every department and unit buys or contracts for itself, whatever its sector: the item
 * carries the body's name and sector, and takes its indicators from the fund type's library.
 */
export const SHARED_TEMPLATES: readonly ItemTemplate[] = [
  {
    fund: 'procurement',
    name: '办公设备集中采购',
    at: [],
    everywhere: true,
    nature: 'equipment',
    wan: [10, 150],
    indicators: [],
  },
  {
    fund: 'procurement',
    name: '信息化设备更新',
    at: [],
    everywhere: true,
    nature: 'equipment',
    wan: [20, 300],
    indicators: [],
  },
  {
    fund: 'purchased-services',
    name: '物业管理服务',
    at: [],
    everywhere: true,
    nature: 'service',
    wan: [20, 300],
    indicators: [],
  },
  {
    fund: 'purchased-services',
    name: '法律顾问服务',
    at: [],
    everywhere: true,
    nature: 'service',
    wan: [10, 60],
    indicators: [],
  },
];
