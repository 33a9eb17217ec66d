import { NotFoundError } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getWarning } from '@jixiao/db/monitoring';
import type { RenderContext } from './types.ts';

/** `【红色预警】项目名称`, or null if the warning is gone. */
export async function loadWarningTitle(ctx: RenderContext, id: number): Promise<string | null> {
  try {
    const w = await getWarning(ctx.platform.db, SYSTEM_ACTOR, id);
    return `【${w.severityLabel}】${w.item.name}`;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
