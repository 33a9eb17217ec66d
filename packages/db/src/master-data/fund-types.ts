import type { Plugin } from '@jixiao/plugin-kit';
import type { Db } from '../client.ts';
import { fundTypes } from '../schema/index.ts';

export async function syncFundTypes(db: Db, plugins: readonly Plugin[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(fundTypes).set({ enabled: false });
    for (const p of plugins) {
      await tx
        .insert(fundTypes)
        .values({ id: p.id, name: p.name, budgetBook: p.budgetBook, enabled: true })
        .onConflictDoUpdate({
          target: fundTypes.id,
          set: { name: p.name, budgetBook: p.budgetBook, enabled: true, updatedAt: new Date() },
        });
    }
  });
}
