/**
 * The demo city's fixed vocabulary: a Jingdezhen-sized city (景德镇市) with three counties,
 * its departments (each of one sector) and their units (each with what it does). Only names live
 * here; numbers come from the seeded generator, projects from the sector files.
 */
import type { Sector, UnitFunction } from './sectors.ts';

export interface RegionSpec {
  code: string;
  name: string;
  level: 'city' | 'county';
  /** 一般公共预算支出 in 亿元, for portfolio rules (PPP affordability). */
  generalExpenditureYi: number;
  generalRevenueYi: number;
  comprehensiveResourcesYi: number;
  debtBalanceYi: number;
  gdpGrowthPct: number;
  revenueGrowthTargetPct: number;
}

export const CITY: RegionSpec = {
  code: '360200',
  name: '景德镇市',
  level: 'city',
  generalExpenditureYi: 236,
  generalRevenueYi: 118,
  comprehensiveResourcesYi: 260,
  debtBalanceYi: 290,
  gdpGrowthPct: 5.2,
  revenueGrowthTargetPct: 5,
};

export const COUNTIES: readonly RegionSpec[] = [
  {
    code: '360222',
    name: '浮梁县',
    level: 'county',
    generalExpenditureYi: 38,
    generalRevenueYi: 14,
    comprehensiveResourcesYi: 42,
    debtBalanceYi: 70,
    gdpGrowthPct: 5.5,
    revenueGrowthTargetPct: 6,
  },
  // 乐平市 carries a heavy debt load (债务率 ≈ 226%, orange band) and a revenue target far above growth.
  {
    code: '360281',
    name: '乐平市',
    level: 'county',
    generalExpenditureYi: 62,
    generalRevenueYi: 26,
    comprehensiveResourcesYi: 68,
    debtBalanceYi: 154,
    gdpGrowthPct: 4.8,
    revenueGrowthTargetPct: 12,
  },
  {
    code: '360202',
    name: '昌江区',
    level: 'county',
    generalExpenditureYi: 26,
    generalRevenueYi: 11,
    comprehensiveResourcesYi: 30,
    debtBalanceYi: 38,
    gdpGrowthPct: 5.6,
    revenueGrowthTargetPct: 5,
  },
];

export interface UnitSpec {
  name: string;
  does: UnitFunction;
}

export interface DepartmentSpec {
  code: string;
  name: string;
  short: string;
  sector: Sector;
  units: readonly UnitSpec[];
}

const unit = (name: string, does: UnitFunction): UnitSpec => ({ name, does });

export const CITY_DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    code: 'EDU',
    name: '景德镇市教育局',
    short: '教育局',
    sector: 'education',
    units: [
      unit('景德镇市第一中学', 'school'),
      unit('景德镇市第二中学', 'school'),
      unit('景德镇市实验学校', 'school'),
    ],
  },
  {
    code: 'HEALTH',
    name: '景德镇市卫生健康委员会',
    short: '卫健委',
    sector: 'health',
    units: [
      unit('景德镇市第一人民医院', 'hospital'),
      unit('景德镇市疾病预防控制中心', 'disease_control'),
      unit('景德镇市妇幼保健院', 'maternal_child'),
    ],
  },
  {
    code: 'TRANS',
    name: '景德镇市交通运输局',
    short: '交通局',
    sector: 'transport',
    units: [unit('景德镇市公路事业发展中心', 'highway'), unit('景德镇市港航管理中心', 'waterway')],
  },
  {
    code: 'AGRI',
    name: '景德镇市农业农村局',
    short: '农业农村局',
    sector: 'agriculture',
    units: [
      unit('景德镇市农业技术推广中心', 'agri_extension'),
      unit('景德镇市动物疫病预防控制中心', 'animal_health'),
    ],
  },
  {
    code: 'HOUSING',
    name: '景德镇市住房和城乡建设局',
    short: '住建局',
    sector: 'housing',
    units: [
      unit('景德镇市城市建设服务中心', 'construction'),
      unit('景德镇市住房保障服务中心', 'housing_security'),
    ],
  },
  {
    code: 'CULTURE',
    name: '景德镇市文化广电新闻出版旅游局',
    short: '文广新旅局',
    sector: 'culture_tourism',
    units: [unit('景德镇市博物馆', 'museum'), unit('景德镇市图书馆', 'library')],
  },
  {
    code: 'CERAMIC',
    name: '景德镇市陶瓷工业发展局',
    short: '陶瓷局',
    sector: 'ceramics',
    units: [
      unit('景德镇市陶瓷产品质量检验中心', 'quality_inspection'),
      unit('景德镇市陶瓷文化传承创新服务中心', 'heritage'),
    ],
  },
  {
    code: 'ECO',
    name: '景德镇市生态环境局',
    short: '生态环境局',
    sector: 'environment',
    units: [
      unit('景德镇市生态环境监测站', 'env_monitoring'),
      unit('景德镇市固体废物管理中心', 'solid_waste'),
    ],
  },
  {
    code: 'WATER',
    name: '景德镇市水利局',
    short: '水利局',
    sector: 'water',
    units: [unit('景德镇市水文水资源监测中心', 'hydrology'), unit('景德镇市河道管理中心', 'river')],
  },
  {
    code: 'CIVIL',
    name: '景德镇市民政局',
    short: '民政局',
    sector: 'civil_affairs',
    units: [unit('景德镇市社会福利院', 'welfare_home'), unit('景德镇市救助管理站', 'relief_station')],
  },
  {
    code: 'HRSS',
    name: '景德镇市人力资源和社会保障局',
    short: '人社局',
    sector: 'human_resources',
    units: [
      unit('景德镇市就业创业服务中心', 'employment'),
      unit('景德镇市社会保险服务中心', 'insurance_agency'),
    ],
  },
  {
    code: 'MEDSEC',
    name: '景德镇市医疗保障局',
    short: '医保局',
    sector: 'medical_security',
    units: [
      unit('景德镇市医疗保险服务中心', 'insurance_agency'),
      unit('景德镇市医疗保障基金监管中心', 'fund_supervision'),
    ],
  },
  {
    code: 'NATRES',
    name: '景德镇市自然资源和规划局',
    short: '自然资源局',
    sector: 'natural_resources',
    units: [unit('景德镇市不动产登记中心', 'land_registry'), unit('景德镇市土地储备中心', 'land_reserve')],
  },
  {
    code: 'URBAN',
    name: '景德镇市城市管理局',
    short: '城管局',
    sector: 'urban_management',
    units: [unit('景德镇市环境卫生服务中心', 'sanitation'), unit('景德镇市园林绿化服务中心', 'landscaping')],
  },
  {
    code: 'POLICE',
    name: '景德镇市公安局',
    short: '公安局',
    sector: 'public_security',
    units: [unit('景德镇市公安局交通警察支队', 'traffic_police')],
  },
  {
    code: 'SCI',
    name: '景德镇市科学技术局',
    short: '科技局',
    sector: 'science',
    units: [unit('景德镇市科技创新服务中心', 'tech_service')],
  },
  {
    code: 'MIIT',
    name: '景德镇市工业和信息化局',
    short: '工信局',
    sector: 'industry',
    units: [
      unit('景德镇市中小企业服务中心', 'enterprise_service'),
      unit('景德镇市工业和信息化服务中心', 'enterprise_service'),
    ],
  },
  {
    code: 'COMM',
    name: '景德镇市商务局',
    short: '商务局',
    sector: 'commerce',
    units: [unit('景德镇市招商服务中心', 'investment_promotion')],
  },
  {
    code: 'NDRC',
    name: '景德镇市发展和改革委员会',
    short: '发改委',
    sector: 'development_reform',
    units: [
      unit('景德镇市重大项目服务中心', 'major_projects'),
      unit('景德镇市粮食储备中心', 'grain_reserve'),
    ],
  },
  {
    code: 'SASAC',
    name: '景德镇市国有资产监督管理委员会',
    short: '国资委',
    sector: 'state_assets',
    units: [unit('景德镇市国有资本运营中心', 'state_capital')],
  },
  {
    code: 'FOREST',
    name: '景德镇市林业局',
    short: '林业局',
    sector: 'forestry',
    units: [
      unit('景德镇市林业科学研究所', 'forest_research'),
      unit('景德镇市森林资源监测中心', 'forest_monitoring'),
    ],
  },
  {
    code: 'EMERG',
    name: '景德镇市应急管理局',
    short: '应急局',
    sector: 'emergency',
    units: [unit('景德镇市应急救援指挥中心', 'emergency_command')],
  },
  {
    code: 'VETERAN',
    name: '景德镇市退役军人事务局',
    short: '退役军人局',
    sector: 'veterans',
    units: [unit('景德镇市退役军人服务中心', 'veteran_service')],
  },
  {
    code: 'SPORT',
    name: '景德镇市体育局',
    short: '体育局',
    sector: 'sport',
    units: [unit('景德镇市体育中心', 'sports_venue'), unit('景德镇市体育运动学校', 'sports_school')],
  },
  {
    code: 'SAMR',
    name: '景德镇市市场监督管理局',
    short: '市场监管局',
    sector: 'market_regulation',
    units: [unit('景德镇市检验检测中心', 'quality_inspection')],
  },
];

/** Each county has a finance bureau and these departments (name prefixed by the county). */
export const COUNTY_DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    code: 'EDU',
    name: '教育体育局',
    short: '教体局',
    sector: 'education',
    units: [unit('第一中学', 'school'), unit('实验小学', 'school')],
  },
  {
    code: 'HEALTH',
    name: '卫生健康委员会',
    short: '卫健委',
    sector: 'health',
    units: [unit('人民医院', 'hospital')],
  },
  {
    code: 'AGRI',
    name: '农业农村局',
    short: '农业农村局',
    sector: 'agriculture',
    units: [unit('农业技术推广站', 'agri_extension')],
  },
  {
    code: 'HOUSING',
    name: '住房和城乡建设局',
    short: '住建局',
    sector: 'housing',
    units: [unit('城乡建设服务中心', 'construction')],
  },
];

/** Towns (乡镇) of each county, where county projects are built. */
export const TOWNS: Readonly<Record<string, readonly string[]>> = {
  '360222': ['鹅湖镇', '经公桥镇', '蛟潭镇', '瑶里镇', '寿安镇', '湘湖镇', '王港乡'],
  '360281': ['礼林镇', '后港镇', '塔前镇', '众埠镇', '接渡镇', '镇桥镇', '涌山镇'],
  '360202': ['鲇鱼山镇', '丽阳镇', '荷塘乡', '吕蒙乡'],
};

/** Third-party evaluators (第三方机构库). */
export const THIRD_PARTIES = ['江西正德会计师事务所', '江西省财经研究院绩效评价中心'];

/** Chinese surnames and given-name characters for demo officials (deterministic picks). */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤'.split(
    '',
  );
export const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海燕文辉晓东雪梅春林斌凯婷宇浩鹏飞亮俊峰琳颖晨欣怡思远嘉瑞'.split(
    '',
  );
