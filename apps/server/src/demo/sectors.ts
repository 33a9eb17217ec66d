/**
 * The sectors (行业/归口) of the demo city: which line of government work a department, its units
 * and its projects belong to. A project is run by a body of its own sector; a unit's sector is
 * its department's.
 */
interface SectorSpec {
  label: string;
  /** 支出功能分类科目 (class level) for the sector's general-budget spending. */
  functionSubject: string;
  /** Words in a fund type's name or description that say it belongs to this sector. */
  keywords: readonly string[];
}

export const SECTORS = {
  education: { label: '教育', functionSubject: '205', keywords: ['教育', '学校', '学生', '教师', '校园'] },
  health: {
    label: '卫生健康',
    functionSubject: '210',
    keywords: ['卫生', '医院', '健康', '疾控', '公共卫生'],
  },
  housing: {
    label: '住建/城建',
    functionSubject: '212',
    keywords: ['住房', '保障房', '棚户区', '老旧小区', '市政'],
  },
  urban_management: {
    label: '城市管理',
    functionSubject: '212',
    keywords: ['城管', '环卫', '垃圾', '园林', '照明'],
  },
  transport: {
    label: '交通',
    functionSubject: '214',
    keywords: ['交通', '公路', '农村公路', '道路', '桥梁', '航道', '公交'],
  },
  water: {
    label: '水利',
    functionSubject: '213',
    keywords: ['水利', '水库', '河道', '防洪', '供水', '灌区'],
  },
  agriculture: {
    label: '农业农村',
    functionSubject: '213',
    keywords: ['农业', '农村', '农田', '乡村振兴', '畜牧'],
  },
  forestry: { label: '林业', functionSubject: '213', keywords: ['林业', '森林', '造林'] },
  environment: { label: '生态环境', functionSubject: '211', keywords: ['生态环境', '环保', '污染', '减排'] },
  natural_resources: {
    label: '自然资源',
    functionSubject: '220',
    keywords: ['国土', '土地', '地质', '不动产', '测绘'],
  },
  civil_affairs: {
    label: '民政',
    functionSubject: '208',
    keywords: ['民政', '养老服务', '救助', '低保', '残疾', '殡葬'],
  },
  veterans: { label: '退役军人事务', functionSubject: '208', keywords: ['退役军人', '优抚', '烈士'] },
  human_resources: {
    label: '人社',
    functionSubject: '208',
    keywords: ['就业', '社会保险', '养老保险', '技能', '人才'],
  },
  medical_security: { label: '医疗保障', functionSubject: '210', keywords: ['医保', '医疗保险', '医疗保障'] },
  culture_tourism: {
    label: '文旅',
    functionSubject: '207',
    keywords: ['文化', '旅游', '文物', '博物馆', '图书馆'],
  },
  sport: { label: '体育', functionSubject: '207', keywords: ['体育', '健身', '赛事'] },
  public_security: { label: '公安/司法', functionSubject: '204', keywords: ['公安', '警', '治安', '司法'] },
  emergency: {
    label: '应急管理',
    functionSubject: '224',
    keywords: ['应急', '安全生产', '防汛', '消防', '救灾'],
  },
  market_regulation: {
    label: '市场监管',
    functionSubject: '201',
    keywords: ['市场监管', '食品安全', '特种设备', '知识产权'],
  },
  industry: {
    label: '工业和信息化',
    functionSubject: '215',
    keywords: ['工业', '制造业', '中小企业', '数字经济', '技改'],
  },
  ceramics: { label: '陶瓷产业', functionSubject: '215', keywords: ['陶瓷'] },
  science: { label: '科技', functionSubject: '206', keywords: ['科技', '研发', '科学'] },
  commerce: { label: '商务', functionSubject: '216', keywords: ['商务', '外贸', '招商', '消费', '商业'] },
  development_reform: {
    label: '发改',
    functionSubject: '201',
    keywords: ['发展改革', '以工代赈', '重大项目', '粮食'],
  },
  state_assets: { label: '国资', functionSubject: '201', keywords: ['国有资本', '国有企业', '国企'] },
  finance: { label: '财政', functionSubject: '201', keywords: ['财政'] },
} as const satisfies Record<string, SectorSpec>;

export type Sector = keyof typeof SECTORS;

/** What a budget unit is, where a sector has units that run different kinds of project. */
export type UnitFunction =
  | 'school'
  | 'hospital'
  | 'disease_control'
  | 'maternal_child'
  | 'highway'
  | 'waterway'
  | 'agri_extension'
  | 'animal_health'
  | 'construction'
  | 'housing_security'
  | 'museum'
  | 'library'
  | 'quality_inspection'
  | 'heritage'
  | 'env_monitoring'
  | 'solid_waste'
  | 'hydrology'
  | 'river'
  | 'welfare_home'
  | 'relief_station'
  | 'employment'
  | 'insurance_agency'
  | 'fund_supervision'
  | 'land_registry'
  | 'land_reserve'
  | 'sanitation'
  | 'landscaping'
  | 'traffic_police'
  | 'tech_service'
  | 'enterprise_service'
  | 'investment_promotion'
  | 'major_projects'
  | 'grain_reserve'
  | 'state_capital'
  | 'forest_research'
  | 'forest_monitoring'
  | 'emergency_command'
  | 'veteran_service'
  | 'sports_venue'
  | 'sports_school';

/** Where in a sector an item sits: with the department itself, or in a unit of one function. */
export type Placement = 'department' | UnitFunction;

/**
 * The sector a fund type belongs to, read from its name and description (the longest keyword
 * matched wins); `finance` when nothing matches: the finance bureau administers a fund type no
 * line department is known for.
 */
export function sectorOfText(text: string): Sector {
  let best: Sector = 'finance';
  let bestLength = 0;
  for (const [sector, spec] of Object.entries(SECTORS) as Array<[Sector, SectorSpec]>) {
    for (const word of spec.keywords) {
      if (word.length > bestLength && text.includes(word)) {
        best = sector;
        bestLength = word.length;
      }
    }
  }
  return best;
}
