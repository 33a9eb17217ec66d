import type { Role, Severity } from './vocabulary.ts';

/**
 * Who must act on an item (its warnings, its rectification): the active performance officers of
 * the item's own unit and of the department directly above it. Warning pushes, the list of
 * possible rectification assignees and the check on a new task's assignee all follow this rule;
 * the database repeats it as one SQL definition, kept equal by a property test.
 */
export const RESPONSIBLE_ROLES: readonly Role[] = ['dept_officer', 'unit_officer'];

/** A user's standing as far as responsibility goes. */
export interface ResponsibilityCandidate {
  active: boolean;
  orgUnitId: number;
  roles: readonly Role[];
}

/** The org unit an item belongs to, with its parent (the department above a unit). */
export interface ItemOrgUnit {
  id: number;
  parentId: number | null;
}

export function isResponsibleFor(user: ResponsibilityCandidate, itemOrg: ItemOrgUnit): boolean {
  return (
    user.active &&
    (user.orgUnitId === itemOrg.id || user.orgUnitId === itemOrg.parentId) &&
    user.roles.some((r) => RESPONSIBLE_ROLES.includes(r))
  );
}

/** Responsible people who are also leaders are told only of warnings this severe. */
export const LEADERS_TOLD_OF: Severity = 'red';

/** True when `user` is told of a warning of `severity` on an item of `itemOrg`. */
export function receivesWarning(
  user: ResponsibilityCandidate,
  itemOrg: ItemOrgUnit,
  severity: Severity,
): boolean {
  return isResponsibleFor(user, itemOrg) && (!user.roles.includes('leader') || severity === LEADERS_TOLD_OF);
}
