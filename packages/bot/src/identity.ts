import type { Platform } from '@jixiao/db';
import { findImUser } from '@jixiao/db/chat';
import type { Official } from './context.ts';

/**
 * The official behind a DingTalk account: their im_identity and Actor (roles and data scope), in one
 * query. Null for unknown or deactivated accounts: they get a refusal and nothing else.
 */
export async function resolveOfficial(platform: Platform, externalUserId: string): Promise<Official | null> {
  if (typeof externalUserId !== 'string') return null;
  const user = await findImUser(platform.db, 'dingtalk', externalUserId);
  if (!user) return null;
  const department = user.org.kind === 'unit' && user.parent?.kind === 'department' ? user.parent : user.org;
  return {
    userId: user.userId,
    name: user.name,
    actor: user.actor,
    orgName: user.org.name,
    orgPath: user.org.path,
    departmentPath: department.path,
    departmentName: department.name,
  };
}

export const UNKNOWN_USER_TEXT = '您好，您的钉钉账号尚未开通绩效通，请联系财政局绩效科开通。';
