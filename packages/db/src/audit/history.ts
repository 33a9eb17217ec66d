import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { auditEntries } from '../schema/index.ts';

export interface HistoryEntry {
  at: Date;
  actorName: string;
  action: string;
  after: unknown;
}

/**
 * What happened to one record, oldest first, from the audit log. The caller has already read the
 * record itself in the asking user's scope.
 */
export async function entityHistory(
  db: DbOrTx,
  entityType: string,
  entityId: string | number,
  limit = 200,
): Promise<HistoryEntry[]> {
  return db
    .select({
      at: auditEntries.at,
      actorName: auditEntries.actorName,
      action: auditEntries.action,
      after: auditEntries.after,
    })
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, entityType), eq(auditEntries.entityId, String(entityId))))
    .orderBy(asc(auditEntries.id))
    .limit(limit);
}
