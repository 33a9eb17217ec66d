import { outbox } from '@jixiao/db/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.db.dispose();
  h = undefined;
});

describe('files as messages (the 通报 DOCX)', () => {
  it('makes the file of a file row with the configured maker and sends it once; a gone source cancels it', async () => {
    h = await createHarness();
    const officer = h.city.actors.officerA.userId as number;
    await h.db.db.insert(outbox).values([
      { kind: 'test_file', dedupeKey: 'file:1', recipientUserId: officer, payload: { n: 1 } },
      { kind: 'test_file', dedupeKey: 'file:2', recipientUserId: officer, payload: { n: 2 } },
    ]);
    const made: number[] = [];
    const worker = h.worker({
      files: {
        test_file: async (_platform, payload) => {
          made.push(Number(payload.n));
          return payload.n === 1 ? { fileName: '通报.docx', bytes: new Uint8Array([0x50, 0x4b]) } : null;
        },
      },
    });
    await worker.drain();
    expect(made.sort()).toEqual([1, 2]);
    const rows = await h.rowsOf('test_file');
    expect(rows.map((r) => r.status)).toEqual(['sent', 'cancelled']);
    const sent = [...h.fake.delivered.values()];
    expect(sent.map((d) => [d.userId, d.reply.title])).toEqual([[officer, '通报.docx']]);
    // A second drain finds nothing to do: nothing is sent twice.
    await worker.drain();
    expect(h.fake.delivered.size).toBe(1);
    expect(h.fake.duplicatesSuppressed).toBe(0);
  });
});
