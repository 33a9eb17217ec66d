import type { Role } from './vocabulary.ts';

/** What a caller may do; where (which org units) is decided per permission by `permissionScope`. */
export const PERMISSIONS = [
  'master_data.write',
  'users.write',
  'tokens.manage',
  'items.write',
  'targets.write',
  'payments.write',
  'reports.write',
  'import',
  'audit.read',
  'warnings.manage',
  'warnings.acknowledge',
  'monitoring.run',
  'rectifications.manage',
  'rectifications.submit',
  'attachments.write',
  'accountability.manage',
  'groups.bind',
  'assessments.write',
  'assessments.review',
  'institutions.manage',
  'targets.review',
  'indicator_library.manage',
  'budgets.approve',
  'evaluations.manage',
  'evaluations.score',
  'publications.manage',
  'publications.review',
  'management_work.assess',
  'self_evaluations.submit',
  'self_evaluations.confirm',
  'self_evaluations.review',
  'spot_checks.manage',
  'spot_checks.review',
  'results.record',
  'results.apply',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  finance_admin: PERMISSIONS,
  dept_officer: [
    'items.write',
    'targets.write',
    'payments.write',
    'reports.write',
    'import',
    'audit.read',
    'warnings.acknowledge',
    'rectifications.submit',
    'attachments.write',
    'groups.bind',
    'assessments.write',
    'self_evaluations.submit',
    'self_evaluations.confirm',
  ],
  unit_officer: [
    'items.write',
    'targets.write',
    'payments.write',
    'reports.write',
    'warnings.acknowledge',
    'rectifications.submit',
    'attachments.write',
    'groups.bind',
    'assessments.write',
    'self_evaluations.submit',
  ],
  auditor: ['audit.read', 'spot_checks.review'],
  evaluator: ['attachments.write', 'assessments.write', 'evaluations.score'],
  leader: ['audit.read'],
  region_leader: ['audit.read'],
  plugin: ['payments.write', 'reports.write', 'import'],
};

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/**
 * How far each role reaches from where its holder sits: `region` is the holder's whole region
 * (and the regions below it), `org` their own org unit's subtree. A department's leader oversees
 * the department; only the region's leadership (分管领导, the finance bureau's leaders), the
 * finance bureau and auditors oversee the region.
 */
const ROLE_REACH: Readonly<Record<Role, 'region' | 'org'>> = {
  finance_admin: 'region',
  region_leader: 'region',
  auditor: 'region',
  dept_officer: 'org',
  unit_officer: 'org',
  evaluator: 'org',
  leader: 'org',
  plugin: 'org',
};

/** Roles whose reach is their whole region (and the regions below it), not their own org subtree. */
const REGION_WIDE_ROLES: readonly Role[] = (Object.keys(ROLE_REACH) as Role[]).filter(
  (r) => ROLE_REACH[r] === 'region',
);

/**
 * Roles that oversee others' work rather than do their own: for them "我的" means everything in
 * their scope (a department's leader: the department; the region's: the region).
 */
export const OVERSEEING_ROLES: readonly Role[] = [...REGION_WIDE_ROLES, 'leader'];

/** Where a user sits: their org unit's path and their region's path (a prefix of it). */
export interface HomePaths {
  orgPath: string;
  regionPath: string;
}

/** Where each of a user's roles applies: a path prefix per role. */
export type RoleScopes = Readonly<Partial<Record<Role, string>>>;

/** The scope of each role a user at `home` holds. */
export function roleScopesOf(roles: readonly Role[], home: HomePaths): RoleScopes {
  const scopes: Partial<Record<Role, string>> = {};
  for (const role of roles) scopes[role] = ROLE_REACH[role] === 'region' ? home.regionPath : home.orgPath;
  return scopes;
}

/**
 * The widest of some scopes. A user's role scopes are nested (their org subtree lies in their
 * region), so the widest is the shortest prefix; null for none.
 */
function widest(paths: readonly string[]): string | null {
  let best: string | null = null;
  for (const p of paths) if (best === null || p.length < best.length) best = p;
  return best;
}

/** What a user may read: the widest scope of any of their roles (their own org unit without roles). */
export function readScope(scopes: RoleScopes, home: HomePaths): string {
  return widest(Object.values(scopes)) ?? home.orgPath;
}

/**
 * Where `permission` may be exercised: the widest scope among the roles that grant it, null when
 * none does. A role that does not grant the permission never widens it, so a region-wide reader
 * who is also a department's officer writes in that department only.
 */
export function permissionScope(scopes: RoleScopes, permission: Permission): string | null {
  return widest(
    (Object.entries(scopes) as Array<[Role, string]>)
      .filter(([role]) => ROLE_PERMISSIONS[role].includes(permission))
      .map(([, path]) => path),
  );
}

/** The roles that apply at `path` (an org unit's path): those whose scope contains it. */
export function rolesAt(scopes: RoleScopes, path: string): Role[] {
  return (Object.entries(scopes) as Array<[Role, string]>)
    .filter(([, scope]) => path.startsWith(scope))
    .map(([role]) => role);
}

/** Every permission the roles give. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((p) => hasPermission(roles, p));
}

export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  'master_data.write': '维护区划和单位',
  'users.write': '维护用户',
  'tokens.manage': '管理 API 令牌',
  'items.write': '录入和修改项目',
  'targets.write': '填报绩效目标',
  'payments.write': '登记支付',
  'reports.write': '填报指标完成情况',
  import: '批量导入',
  'audit.read': '查看审计日志',
  'warnings.manage': '处置预警',
  'warnings.acknowledge': '签收预警',
  'monitoring.run': '发起监控',
  'rectifications.manage': '下达和验收整改',
  'rectifications.submit': '提交整改',
  'attachments.write': '上传附件',
  'accountability.manage': '办理问责与责任人交接登记',
  'groups.bind': '绑定群聊',
  'assessments.write': '开展事前绩效评估',
  'assessments.review': '审核事前绩效评估',
  'institutions.manage': '维护第三方机构',
  'targets.review': '审核绩效目标',
  'indicator_library.manage': '维护绩效指标库',
  'budgets.approve': '批复预算和绩效目标',
  'evaluations.manage': '组织重点绩效评价、维护专家和第三方机构库',
  'evaluations.score': '参与重点绩效评价打分',
  'publications.manage': '选编绩效信息公开内容',
  'publications.review': '审核绩效信息公开内容',
  'management_work.assess': '开展预算绩效管理工作考核',
  'self_evaluations.submit': '填报和提交绩效自评',
  'self_evaluations.confirm': '确认本部门绩效自评',
  'self_evaluations.review': '接收和审核绩效自评',
  'spot_checks.manage': '组织绩效自评抽查',
  'spot_checks.review': '复核抽查的绩效自评',
  'results.record': '登记绩效评价结果',
  'results.apply': '编制预算安排建议、清理退出和转移支付挂钩',
};
