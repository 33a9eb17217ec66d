/** Why text that `unstorablePath` found is refused. */
export const UNSTORABLE_TEXT_MESSAGE = '含有无法保存的字符（空字符 U+0000 或不成对的 UTF-16 代理项）';

// NUL and unpaired UTF-16 surrogates: valid in JSON and in JavaScript strings, but PostgreSQL text
// and jsonb cannot hold them; refused up front, they cannot fail a write half-way.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (value or key) the database cannot store, or null. */
export function unstorablePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') || '(根)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return [...path, key.replace(UNSTORABLE, '?')].join('.');
      const found = unstorablePath(v, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}
