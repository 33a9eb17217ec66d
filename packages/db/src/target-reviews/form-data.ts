import { formatWanYuan, InputError } from '@jixiao/core';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { listDepartmentTargets } from '../department-targets/index.ts';
import { departmentNameOf } from '../departments.ts';
import type { ItemRow } from '../items/item-queries.ts';
import { listOrgUnits } from '../master-data/index.ts';
import { loadTargets } from '../targets/target-queries.ts';

const wan = (fen: number) => formatWanYuan(fen).replace(/万元$/, '');

/**
 * What the 项目支出绩效目标申报表 of an item's target for a year (null: the whole cycle) shows:
 * the item's header and the target as it stands (empty when there is none yet). The caller read
 * the item in the asker's scope.
 */
export async function projectTargetFormOf(db: DbOrTx, item: ItemRow, fiscalYear: number | null) {
  const targets = await loadTargets(db, item.id);
  const target = targets.find((t) => t.fiscalYear === fiscalYear) ?? null;
  const unit = item.orgUnit.name;
  return {
    fiscalYear,
    item: {
      code: item.code,
      name: item.name,
      department: (await departmentNameOf(db, item.orgPath)) ?? unit,
      unit,
      attribute: item.isNew ? '新增项目' : '延续项目',
      period: `${item.fiscalYearStart}年—${item.fiscalYearEnd}年`,
      totalWan: wan(item.approvedAmountFen),
      fiscalWan: wan(item.approvedAmountFen),
      otherWan: wan(0),
    },
    overallGoal: target?.overallGoal ?? '',
    indicators: target?.indicators ?? [],
  };
}

/**
 * What the 部门整体支出绩效目标申报表 of a department for a year shows, read in the actor's
 * scope: InputError naming `orgUnitId` when it is not a department the actor sees.
 */
export async function departmentTargetFormOf(
  db: DbOrTx,
  actor: Actor,
  orgUnitId: number,
  fiscalYear: number,
) {
  const [target] = await listDepartmentTargets(db, actor, { orgUnitId, fiscalYear, limit: 1 });
  const org = target
    ? target.orgUnit
    : (await listOrgUnits(db, actor, { kind: 'department' })).find((o) => o.id === orgUnitId);
  if (!org) {
    throw new InputError(`字段 orgUnitId：单位 ${orgUnitId} 不是您数据范围内的主管部门`, [
      { path: 'orgUnitId', message: '不在数据范围内或不是主管部门' },
    ]);
  }
  return {
    fiscalYear,
    department: org.name,
    overallGoal: target?.overallGoal ?? '',
    indicators: target?.indicators ?? [],
  };
}
