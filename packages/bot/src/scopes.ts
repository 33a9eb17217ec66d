import { NotFoundError, OVERSEEING_ROLES } from '@jixiao/core';
import { type Actor, narrowActor } from '@jixiao/db';
import type { Official } from './context.ts';
import type { Scope } from './parser/index.ts';

/** The finance bureau, auditors and leaders oversee: "我的" is everything they may see. */
export function isOverseer(actor: Actor): boolean {
  return actor.roles.some((r) => OVERSEEING_ROLES.includes(r));
}

/**
 * The actor a question about "我的" / "本部门" / everything runs as. For officers "我的" is their own
 * org unit; for those who oversee, "我的" is their whole scope and "本部门" their own bureau or
 * department. In a group bound to another department, "本部门" or "我的" lies outside what the
 * group shows: the asker is told so (privately) instead of getting an empty or wrong answer.
 */
export function actorForScope(
  base: Actor,
  scope: Scope,
  official: Pick<Official, 'orgPath' | 'orgName' | 'departmentPath' | 'departmentName'>,
): Actor {
  if (scope === 'all' || (scope === 'mine' && isOverseer(base))) return base;
  const [path, word, name] =
    scope === 'mine'
      ? [official.orgPath, '我的', official.orgName]
      : [official.departmentPath, '本部门', official.departmentName];
  const narrowed = narrowActor(base, path);
  if (!narrowed) {
    throw new NotFoundError(
      `“${word}”指${name}，不在本群绑定部门的范围内，本群不能显示；请在与绩效通的单聊中查询。`,
    );
  }
  return narrowed;
}
