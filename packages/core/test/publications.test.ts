import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decidePublicationAction,
  isPublic,
  publicProjection,
  publicTexts,
  type RawSnapshot,
} from '../src/index.ts';

const visibility = fc.constantFrom('public', 'internal', 'personal') as fc.Arbitrary<
  'public' | 'internal' | 'personal'
>;
const name = fc.constantFrom('张建国', '李教育', '欧阳明月', '王五');
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.string({ maxLength: 5 }), name, fc.string({ maxLength: 5 })).map((p) => p.join('')),
);

const snapshot: fc.Arbitrary<RawSnapshot> = fc.record({
  regionName: fc.constant('景德镇市'),
  fiscalYear: fc.constant(2026),
  draft: fc.constant('budget' as const),
  departments: fc.array(fc.record({ key: fc.string({ maxLength: 4 }), name: text }), { maxLength: 3 }),
  subjects: fc.array(
    fc.record({
      kind: fc.constantFrom('item' as const, 'department' as const),
      key: fc.string({ maxLength: 6 }),
      name: text,
      departmentKey: fc.constant(null),
      blocks: fc.array(
        fc.record({
          section: fc.constant('s'),
          title: text,
          fields: fc.array(
            fc.record({
              label: fc.string({ maxLength: 4 }),
              value: fc.oneof(text, fc.integer()),
              visibility,
            }),
            { maxLength: 5 },
          ),
          table: fc.record({
            columns: fc.array(fc.record({ label: fc.string({ maxLength: 4 }), visibility }), {
              minLength: 1,
              maxLength: 4,
            }),
            rows: fc.array(fc.array(fc.oneof(text, fc.integer()), { minLength: 4, maxLength: 4 }), {
              maxLength: 3,
            }),
          }),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 4 },
  ),
});

describe('public projection (DI-4)', () => {
  it('never lets a personal name or a field not marked public through', () => {
    fc.assert(
      fc.property(snapshot, (raw) => {
        const names = ['张建国', '李教育', '欧阳明月', '王五'];
        const out = publicProjection(raw, names);
        const all = publicTexts(out).join('\u0001');
        for (const n of names) expect(all).not.toContain(n);
        raw.subjects.forEach((s, i) => {
          s.blocks.forEach((b, j) => {
            const pb = out.subjects[i]?.blocks[j];
            expect(pb?.fields.length).toBe(b.fields.filter((f) => f.visibility === 'public').length);
            expect(pb?.table?.columns.length).toBe(
              b.table?.columns.filter((c) => c.visibility === 'public').length,
            );
          });
        });
      }),
    );
  });
});

describe('publication workflow (DI-4)', () => {
  const base = { roles: ['finance_admin'] as const, actorUserId: 2, submittedBy: 1, today: '2026-09-01' };
  it('approves only a submitted version, by someone else, with a date not in the past', () => {
    expect(
      decidePublicationAction('approve', { ...base, status: 'submitted', publishOn: '2026-09-01' }).ok,
    ).toBe(true);
    expect(
      decidePublicationAction('approve', { ...base, status: 'submitted', publishOn: '2026-08-31' }),
    ).toMatchObject({
      ok: false,
      field: 'publishOn',
    });
    expect(
      decidePublicationAction('approve', {
        ...base,
        status: 'submitted',
        actorUserId: 1,
        publishOn: '2026-09-01',
      }),
    ).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(decidePublicationAction('reselect', { ...base, status: 'approved' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(
      decidePublicationAction('submit', { ...base, roles: ['dept_officer'], status: 'draft' }),
    ).toMatchObject({ ok: false, code: 'not_allowed' });
  });
  it('is public from its date, once approved', () => {
    expect(isPublic({ status: 'approved', publishOn: '2026-09-01' }, '2026-08-31')).toBe(false);
    expect(isPublic({ status: 'approved', publishOn: '2026-09-01' }, '2026-09-01')).toBe(true);
    expect(isPublic({ status: 'submitted', publishOn: '2026-09-01' }, '2026-09-02')).toBe(false);
  });
});
