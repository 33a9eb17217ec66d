/** Why text that `unstorablePath` found is refused. */
export const UNSTORABLE_TEXT_MESSAGE = '含有无法保存的字符（空字符 U+0000 或不成对的 UTF-16 代理项）';

// NUL and unpaired UTF-16 surrogates: valid in JSON and in JavaScript strings, but PostgreSQL text
// and jsonb cannot hold them; refused up front, they cannot fail a write half-way.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

function pathOf(visit: Visit, base: readonly string[], lastKey?: string): string {
  const keys: string[] = lastKey === undefined ? [] : [lastKey];
  for (let v: Visit | null = visit; v; v = v.parent) if (v.key !== null) keys.push(v.key);
  return [...base, ...keys.reverse()].join('.') || '(根)';
}

/**
 * The path of the first string (value or key) the database cannot store, or null. Walks with an
 * explicit stack, not recursion: however deep the value, it cannot overflow the call stack.
 */
export function unstorablePath(value: unknown, path: readonly string[] = []): string | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const v = visit.value;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return pathOf(visit, path);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (!Array.isArray(v)) {
      const badKey = entries.find(([key]) => UNSTORABLE.test(key));
      if (badKey) return pathOf(visit, path, badKey[0].replace(UNSTORABLE, '?'));
    }
    // Pushed in reverse, so fields are checked in order and the first offending one is reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as readonly [string, unknown];
      pending.push({ value: child, key, parent: visit });
    }
  }
  return null;
}
