/** An indicator line as stored in a target version (item or department-wide): named, any other fields. */
export interface ContentIndicator {
  readonly name: string;
}

/** A target's content as versions keep it. */
export interface TargetContent<I extends ContentIndicator = ContentIndicator> {
  overallGoal: string;
  indicators: readonly I[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** What changed between two versions of a target, indicators matched by name. */
export interface ContentChanges {
  overallGoal: { before: string; after: string } | null;
  added: string[];
  removed: string[];
  changed: Array<{ name: string; fields: FieldChange[] }>;
}

/** Fields that identify rather than describe an indicator (not compared). */
const IDENTITY = new Set(['name', 'position', 'indicatorId']);

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * What a resubmission or an adjustment changes against the version last reviewed (IN-9): goal,
 * indicators added, removed and changed field by field.
 */
export function diffTargetContent(before: TargetContent, after: TargetContent): ContentChanges {
  const byName = (c: TargetContent) => new Map(c.indicators.map((i) => [i.name, i]));
  const old = byName(before);
  const now = byName(after);
  const changed: ContentChanges['changed'] = [];
  for (const [name, ind] of now) {
    const prev = old.get(name);
    if (!prev) continue;
    const a = prev as unknown as Readonly<Record<string, unknown>>;
    const b = ind as unknown as Readonly<Record<string, unknown>>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !IDENTITY.has(k)));
    const fields = [...keys]
      .filter((k) => !same(a[k], b[k]))
      .sort()
      .map((field) => ({ field, before: a[field] ?? null, after: b[field] ?? null }));
    if (fields.length > 0) changed.push({ name, fields });
  }
  return {
    overallGoal:
      before.overallGoal === after.overallGoal
        ? null
        : { before: before.overallGoal, after: after.overallGoal },
    added: [...now.keys()].filter((n) => !old.has(n)),
    removed: [...old.keys()].filter((n) => !now.has(n)),
    changed,
  };
}

/** True when nothing changed. */
export function isUnchanged(c: ContentChanges): boolean {
  return c.overallGoal === null && c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0;
}
