import {
  InputError,
  NotFoundError,
  type ResultApplicationConfig,
  resultApplicationConfigSchema,
} from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';
import { departmentTotalsSql, proposalLinesSql } from './lines-sql.ts';

export interface WhatIfInput {
  basisYear: number;
  /** Other shares (0–1); those not given stay as configured. */
  cutForFair?: number;
  cutForPoor?: number;
  extraCutUnrectified?: number;
  /** One department (its id) or all in scope. */
  orgUnitId?: number;
}

export interface WhatIfDepartment {
  department: { id: number; name: string };
  baseFen: number;
  /** Under the configured shares. */
  configuredFen: number;
  /** Under the shares asked about. */
  whatIfFen: number;
  itemsCutFen: number;
  departmentAdjustmentFen: number;
}

export interface WhatIfResult {
  fiscalYear: number;
  shares: { cutForFair: number; cutForPoor: number; extraCutUnrectified: number };
  departments: WhatIfDepartment[];
}

/**
 * 测算 (what-if): next year's control numbers under other cut shares, beside the configured ones.
 * Reads only: nothing is written, not even the audit.
 */
export async function whatIfProposals(
  platform: Platform,
  actor: Actor,
  input: WhatIfInput,
): Promise<WhatIfResult> {
  requirePermission(actor, 'results.apply');
  const base = platform.config.resultApplication;
  const parsed = resultApplicationConfigSchema.safeParse({
    ...base,
    cutForFair: input.cutForFair ?? base.cutForFair,
    cutForPoor: input.cutForPoor ?? base.cutForPoor,
    extraCutUnrectified: input.extraCutUnrectified ?? base.extraCutUnrectified,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = String(issue?.path[0] ?? 'cutForPoor');
    throw new InputError(`字段 ${path}：扣减比例须在0到1之间`, [{ path, message: '扣减比例须在0到1之间' }]);
  }
  const alt: ResultApplicationConfig = parsed.data;
  let scope = actor.scopePath;
  if (input.orgUnitId !== undefined) {
    const [dept] = await queryRows<{ path: string }>(
      platform.db,
      sql`select path from org_units where id = ${input.orgUnitId}::int and kind = 'department'`,
    );
    if (!dept?.path.startsWith(actor.scopePath))
      throw new NotFoundError(`部门 ${input.orgUnitId} 不存在或不在您的数据范围内`, {
        orgUnitId: input.orgUnitId,
      });
    scope = dept.path;
  }
  const totals = (cfg: ResultApplicationConfig) =>
    departmentTotalsSql(sql`(${proposalLinesSql(input.basisYear, scope, cfg)})`, input.basisYear, cfg);
  const rows = await queryRows<{
    dept_id: number;
    name: string;
    base_fen: string;
    configured: string;
    what_if: string;
    items_cut_fen: string;
    adj_fen: string;
  }>(
    platform.db,
    sql`select a.dept_id, o.name, a.base_fen, c.proposed_fen as configured, a.proposed_fen as what_if,
               a.items_cut_fen, a.adj_fen
          from (${totals(alt)}) a
          join (${totals(base)}) c on c.dept_id = a.dept_id
          join org_units o on o.id = a.dept_id
         ${input.orgUnitId !== undefined ? sql`where a.dept_id = ${input.orgUnitId}::int` : sql``}
         order by o.code`,
  );
  return {
    fiscalYear: input.basisYear + 1,
    shares: {
      cutForFair: alt.cutForFair,
      cutForPoor: alt.cutForPoor,
      extraCutUnrectified: alt.extraCutUnrectified,
    },
    departments: rows.map((r) => ({
      department: { id: Number(r.dept_id), name: r.name },
      baseFen: Number(r.base_fen),
      configuredFen: Number(r.configured),
      whatIfFen: Number(r.what_if),
      itemsCutFen: Number(r.items_cut_fen),
      departmentAdjustmentFen: Number(r.adj_fen),
    })),
  };
}
