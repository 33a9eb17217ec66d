import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decidePublicationAction,
  freeTextScrubber,
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

describe('free text scrubbing (DI-4)', () => {
  const names = ['张建国', '李教育', '欧阳明月', '王五'];
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
  const sep = fc.constantFrom('', ' ', '-');
  const fullWidth = (s: string) =>
    s.replace(/[0-9A-Za-z@.]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  const mobile = fc
    .tuple(fc.constantFrom('13', '15', '18', '19'), digits(9), sep)
    .map(([p, d, s]) => `${p}${d[0]}${s}${d.slice(1, 5).join('')}${s}${d.slice(5).join('')}`);
  const idCard = fc
    .tuple(digits(17), fc.constantFrom('X', 'x', '7'))
    .map(([d, last]) => `${d.join('')}${last}`);
  const landline = fc.tuple(digits(3), digits(7)).map(([a, b]) => `0${a.join('')}-${b.join('')}`);
  const email = fc
    .tuple(fc.stringMatching(/^[a-z0-9._]{1,8}$/), fc.constantFrom('qq.com', '163.com', 'gov.cn'))
    .map(([u, d]) => `${u}@${d}`);
  const secret = fc.oneof(fc.constantFrom(...names), mobile, idCard, landline, email);
  const filler = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('电话', '请联系', '。', ' ', '2026-12-07'),
  );

  it('lets no known name, phone, ID-card number or e-mail through, in any width', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, secret, fc.boolean()), { minLength: 1, maxLength: 4 }),
        filler,
        (parts, tail) => {
          const text = parts.map(([f, s, wide]) => f + (wide ? fullWidth(s) : s)).join('') + tail;
          const out = freeTextScrubber(names)(text);
          for (const [, s] of parts) {
            expect(out).not.toContain(s);
            expect(out).not.toContain(s.replace(/[ -]/g, ''));
          }
        },
      ),
    );
  });

  it('keeps ordinary words, dates and short numbers', () => {
    const scrub = freeTextScrubber(names);
    expect(scrub('2026-12-07 反映：路灯 3 盏不亮，已修 120 米。')).toBe(
      '2026-12-07 反映：路灯 3 盏不亮，已修 120 米。',
    );
    expect(scrub('张建国说请拨 138-0798-1234 或发 a.b@qq.com')).toBe(
      '（姓名不公开）说请拨 （号码不公开） 或发 （邮箱不公开）',
    );
  });
});
