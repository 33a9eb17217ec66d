/**
 * The demo city's fixed vocabulary: a Jingdezhen-sized city (景德镇市) with three counties,
 * its departments and their units, and project names by department. Only names live here;
 * numbers come from the seeded generator.
 */
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

export interface DepartmentSpec {
  code: string;
  name: string;
  short: string;
  units: readonly string[];
  /** Project names this department runs; the generator picks and varies them. */
  projects: readonly string[];
}

export const CITY_DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    code: 'EDU',
    name: '景德镇市教育局',
    short: '教育局',
    units: ['景德镇市第一中学', '景德镇市第二中学', '景德镇市实验学校'],
    projects: [
      '义务教育薄弱环节改善与能力提升',
      '中小学教学设备更新',
      '普惠性学前教育扩容',
      '校园安全技防升级',
      '乡村教师培训专项',
      '学生资助补助',
      '中小学智慧教室建设',
    ],
  },
  {
    code: 'HEALTH',
    name: '景德镇市卫生健康委员会',
    short: '卫健委',
    units: ['景德镇市第一人民医院', '景德镇市疾病预防控制中心', '景德镇市妇幼保健院'],
    projects: [
      '基本公共卫生服务',
      '公立医院医疗设备购置',
      '疾控能力提升',
      '县域医共体建设',
      '家庭医生签约服务',
      '妇幼健康服务能力提升',
    ],
  },
  {
    code: 'TRANS',
    name: '景德镇市交通运输局',
    short: '交通局',
    units: ['景德镇市公路事业发展中心', '景德镇市港航管理中心'],
    projects: [
      '农村公路提质改造',
      '国省道安全生命防护工程',
      '城乡公交一体化运营补贴',
      '危桥改造',
      '昌江航道整治',
    ],
  },
  {
    code: 'AGRI',
    name: '景德镇市农业农村局',
    short: '农业农村局',
    units: ['景德镇市农业技术推广中心', '景德镇市动物疫病预防控制中心'],
    projects: [
      '高标准农田建设',
      '农业产业化龙头企业扶持',
      '耕地地力保护补贴',
      '农村人居环境整治',
      '动物防疫补助',
    ],
  },
  {
    code: 'HOUSING',
    name: '景德镇市住房和城乡建设局',
    short: '住建局',
    units: ['景德镇市城市建设服务中心', '景德镇市住房保障服务中心'],
    projects: [
      '城镇老旧小区改造',
      '保障性租赁住房建设',
      '城市燃气管网更新',
      '海绵城市建设',
      '棚户区改造配套基础设施',
    ],
  },
  {
    code: 'CULTURE',
    name: '景德镇市文化广电新闻出版旅游局',
    short: '文广新旅局',
    units: ['景德镇市博物馆', '景德镇市图书馆'],
    projects: [
      '公共文化服务体系建设',
      '陶瓷文化遗产保护',
      '文旅融合示范项目',
      '乡村文化振兴',
      '全域旅游宣传推广',
    ],
  },
  {
    code: 'CERAMIC',
    name: '景德镇市陶瓷工业发展局',
    short: '陶瓷局',
    units: ['景德镇市陶瓷产品质量检验中心', '景德镇市陶瓷文化传承创新服务中心'],
    projects: [
      '陶瓷产业转型升级',
      '国家陶瓷文化传承创新试验区建设',
      '陶瓷人才引进培育',
      '日用陶瓷智能制造技改补助',
    ],
  },
  {
    code: 'ECO',
    name: '景德镇市生态环境局',
    short: '生态环境局',
    units: ['景德镇市生态环境监测站', '景德镇市固体废物管理中心'],
    projects: ['大气污染防治', '水环境综合治理', '土壤污染防治', '生态环境监测能力建设'],
  },
  {
    code: 'WATER',
    name: '景德镇市水利局',
    short: '水利局',
    units: ['景德镇市水文水资源监测中心', '景德镇市河道管理中心'],
    projects: ['中小河流治理', '病险水库除险加固', '农村供水保障', '山洪灾害防治'],
  },
  {
    code: 'CIVIL',
    name: '景德镇市民政局',
    short: '民政局',
    units: ['景德镇市社会福利院', '景德镇市救助管理站'],
    projects: [
      '城乡低保及特困供养',
      '养老服务体系建设',
      '居家养老服务购买',
      '困难残疾人生活补贴',
      '殡葬设施改造',
    ],
  },
  {
    code: 'HRSS',
    name: '景德镇市人力资源和社会保障局',
    short: '人社局',
    units: ['景德镇市就业创业服务中心', '景德镇市社会保险服务中心'],
    projects: [
      '就业补助资金',
      '职业技能提升行动',
      '城乡居民基本养老保险',
      '企业职工基本养老保险',
      '失业保险',
    ],
  },
  {
    code: 'MEDSEC',
    name: '景德镇市医疗保障局',
    short: '医保局',
    units: ['景德镇市医疗保险服务中心', '景德镇市医疗保障基金监管中心'],
    projects: ['城乡居民基本医疗保险', '职工基本医疗保险', '医疗救助', '医保信息化建设'],
  },
  {
    code: 'NATRES',
    name: '景德镇市自然资源和规划局',
    short: '自然资源局',
    units: ['景德镇市不动产登记中心', '景德镇市土地储备中心'],
    projects: ['国土空间规划编制', '土地整理复垦', '地质灾害防治', '不动产登记信息化'],
  },
  {
    code: 'URBAN',
    name: '景德镇市城市管理局',
    short: '城管局',
    units: ['景德镇市环境卫生服务中心', '景德镇市园林绿化服务中心'],
    projects: ['城市道路保洁服务', '生活垃圾分类处理', '城区园林绿化养护', '城市照明提升', '市政设施维护'],
  },
  {
    code: 'POLICE',
    name: '景德镇市公安局',
    short: '公安局',
    units: ['景德镇市公安局交通警察支队'],
    projects: ['智慧交通管理系统', '公共安全视频监控', '执法办案中心建设'],
  },
  {
    code: 'SCI',
    name: '景德镇市科学技术局',
    short: '科技局',
    units: ['景德镇市科技创新服务中心'],
    projects: ['科技创新券', '重点研发计划', '高新技术企业培育'],
  },
  {
    code: 'MIIT',
    name: '景德镇市工业和信息化局',
    short: '工信局',
    units: ['景德镇市中小企业服务中心', '景德镇市工业和信息化服务中心'],
    projects: ['工业企业技改补助', '中小企业发展专项', '数字经济发展', '航空产业配套'],
  },
  {
    code: 'COMM',
    name: '景德镇市商务局',
    short: '商务局',
    units: ['景德镇市招商服务中心'],
    projects: ['外贸稳增长', '县域商业体系建设', '招商引资专项'],
  },
  {
    code: 'NDRC',
    name: '景德镇市发展和改革委员会',
    short: '发改委',
    units: ['景德镇市重大项目服务中心', '景德镇市粮食储备中心'],
    projects: ['重大项目前期工作经费', '以工代赈', '粮食安全保障', '价格监测'],
  },
  {
    code: 'SASAC',
    name: '景德镇市国有资产监督管理委员会',
    short: '国资委',
    units: ['景德镇市国有资本运营中心'],
    projects: ['国有企业资本金注入', '国企改革专项', '国有企业退休人员社会化管理', '市属国企科技创新'],
  },
  {
    code: 'FOREST',
    name: '景德镇市林业局',
    short: '林业局',
    units: ['景德镇市林业科学研究所', '景德镇市森林资源监测中心'],
    projects: ['森林防火', '林业有害生物防治', '国家储备林建设'],
  },
  {
    code: 'EMERG',
    name: '景德镇市应急管理局',
    short: '应急局',
    units: ['景德镇市应急救援指挥中心'],
    projects: ['应急物资储备', '安全生产监管执法', '防汛抗旱'],
  },
  {
    code: 'VETERAN',
    name: '景德镇市退役军人事务局',
    short: '退役军人局',
    units: ['景德镇市退役军人服务中心'],
    projects: ['优抚对象补助', '退役军人就业创业扶持', '烈士纪念设施保护'],
  },
  {
    code: 'SPORT',
    name: '景德镇市体育局',
    short: '体育局',
    units: ['景德镇市体育中心', '景德镇市体育运动学校'],
    projects: ['全民健身设施建设', '青少年体育训练', '体育赛事举办'],
  },
  {
    code: 'SAMR',
    name: '景德镇市市场监督管理局',
    short: '市场监管局',
    units: ['景德镇市检验检测中心'],
    projects: ['食品安全抽检', '特种设备安全监管', '知识产权保护'],
  },
];

/** Each county has a finance bureau and these departments (name prefixed by the county). */
export const COUNTY_DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    code: 'EDU',
    name: '教育体育局',
    short: '教体局',
    units: ['第一中学', '实验小学'],
    projects: ['义务教育薄弱环节改善', '农村学校营养改善计划', '乡村学校校舍维修'],
  },
  {
    code: 'HEALTH',
    name: '卫生健康委员会',
    short: '卫健委',
    units: ['人民医院'],
    projects: ['基本公共卫生服务', '乡镇卫生院能力提升'],
  },
  {
    code: 'AGRI',
    name: '农业农村局',
    short: '农业农村局',
    units: ['农业技术推广站'],
    projects: ['高标准农田建设', '农村人居环境整治', '乡村振兴衔接资金项目'],
  },
  {
    code: 'HOUSING',
    name: '住房和城乡建设局',
    short: '住建局',
    units: ['城乡建设服务中心'],
    projects: ['老旧小区改造', '县城污水管网建设', '农村危房改造'],
  },
];

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
