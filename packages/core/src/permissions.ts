import type { Role } from './vocabulary.ts';

/** What a caller may do; data scope (which org units) is decided separately. */
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
  ],
  unit_officer: [
    'items.write',
    'targets.write',
    'payments.write',
    'reports.write',
    'warnings.acknowledge',
    'rectifications.submit',
  ],
  auditor: ['audit.read'],
  evaluator: [],
  leader: ['audit.read'],
  plugin: ['payments.write', 'reports.write', 'import'],
};

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/** Roles whose data scope is their whole region (and the regions below it), not their own org subtree. */
export const REGION_WIDE_ROLES: readonly Role[] = ['finance_admin', 'leader', 'auditor'];

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
};
