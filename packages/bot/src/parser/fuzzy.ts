import { normalizeText } from './normalize.ts';

export interface FuzzyMatchOptions {
  /** How many matches to return at most (default 10). */
  limit?: number;
  /** Matches scoring below this are dropped (default 0.6: about one edit in four characters). */
  minScore?: number;
}

export interface FuzzyMatch<T> {
  item: T;
  /** 1 = identical; substring matches score 0.9–0.99; typo-level matches below 0.9. */
  score: number;
}

const MAX_QUERY = 64;
const MAX_KEY = 160;
const DEFAULT_LIMIT = 10;
const DEFAULT_MIN_SCORE = 0.6;
/** Queries made only of generic words or pronouns say nothing about which item is meant. */
const WEAK_QUERY = /^(?:项目|工程|的|它|这个|那个|该|此|这|那)+$/u;

/** Comparison form: normalized, letters and digits only (spaces, quotes, hyphens dropped). */
function comparable(s: string, max: number): string[] {
  return Array.from(normalizeText(s).replace(/[^\p{L}\p{N}]+/gu, '')).slice(0, max);
}

/** 项目/工程 at the end is a generic suffix ("…改造项目" and "…改造工程" are the same thing). */
function withoutGenericSuffix(chars: string[]): string[] {
  const tail = chars.slice(-2).join('');
  return chars.length > 4 && (tail === '项目' || tail === '工程') ? chars.slice(0, -2) : chars;
}

function levenshtein(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

/** Fewest edits turning `q` into some substring of `k` (the query is a fragment of the name, with a typo). */
function substringDistance(q: readonly string[], k: readonly string[]): number {
  let prev = new Array<number>(k.length + 1).fill(0);
  let cur = new Array<number>(k.length + 1).fill(0);
  for (let i = 1; i <= q.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= k.length; j++) {
      const cost = q[i - 1] === k[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return Math.min(...prev);
}

function bigrams(chars: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = `${chars[i]}${chars[i + 1]}`;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Sørensen–Dice coefficient over character bigrams (order-tolerant: "教学楼改造 市一中"). */
function dice(a: readonly string[], b: readonly string[]): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  const total = Math.max(0, a.length - 1) + Math.max(0, b.length - 1);
  if (total === 0) return 0;
  let shared = 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / total;
}

function includes(hay: readonly string[], needle: readonly string[]): boolean {
  return needle.length > 0 && hay.join('').includes(needle.join(''));
}

/** Most pieces a query may be cut into and still count as a name with words left out. */
const MAX_PIECES = 3;

/**
 * How many pieces of at least two characters, in order, make up `q` inside `k` ("海绵城市PPP" is
 * two pieces of "海绵城市建设PPP"): longest piece first at each step. undefined when it takes more
 * than MAX_PIECES or a piece is missing.
 */
function pieces(query: readonly string[], k: readonly string[]): number | undefined {
  const key = k.join('');
  // "垃圾焚烧发电的PPP": a 的 the name does not have joins two pieces, it is not one.
  const q = key.includes('的') ? query : query.filter((c) => c !== '的');
  if (q.length < 4) return undefined;
  // Cheap test first: most names do not even contain the query's first two characters.
  if (!key.includes(`${q[0]}${q[1]}`)) return undefined;
  let i = 0;
  let from = 0;
  let count = 0;
  while (i < q.length) {
    let taken = 0;
    for (let len = q.length - i; len >= 2 && taken === 0; len--) {
      const piece = q.slice(i, i + len).join('');
      const at = key.indexOf(piece, from);
      if (at >= 0) {
        taken = len;
        from = at + piece.length;
      }
    }
    count++;
    if (taken === 0 || count > MAX_PIECES) return undefined;
    i += taken;
  }
  return count;
}

function similarity(qRaw: readonly string[], kRaw: string[]): number {
  if (kRaw.length === 0) return 0;
  if (qRaw.join('') === kRaw.join('')) return 1;
  const q = withoutGenericSuffix([...qRaw]);
  const k = withoutGenericSuffix(kRaw);
  if (q.join('') === k.join('')) return 0.99;
  if (includes(k, q)) return 0.9 + 0.09 * (q.length / k.length);
  // The name with a word left out ("海绵城市PPP" for "海绵城市建设PPP"): below any substring match.
  const cut = q.length >= 4 ? pieces(q, k) : undefined;
  if (cut !== undefined) return Math.min(0.89, 0.86 + 0.04 * (q.length / k.length) - 0.04 * (cut - 2));
  // The query holds the whole name plus extra words ("市一中教学楼改造三期").
  if (k.length * 2 >= q.length && includes(q, k)) return Math.min(0.89, 0.5 + 0.35 * (k.length / q.length));
  const whole = 1 - levenshtein(q, k) / Math.max(q.length, k.length);
  const order = dice(q, k);
  const fragment =
    q.length >= 4 ? (1 - substringDistance(q, k) / q.length) * (0.85 + 0.15 * (q.length / k.length)) : 0;
  return 0.88 * Math.max(whole, order, fragment);
}

/**
 * Ranks `candidates` by how well `key(candidate)` matches `query`, best first. Exact and substring
 * matches come first, then the name with a word left out ("海绵城市PPP" for "海绵城市建设PPP");
 * then character-bigram similarity and edit distance, so one wrong, missing or
 * extra character ("市一中教学搂改造" for "市一中教学楼改造") still matches. Both sides go through
 * normalizeText, so full-width text, case and Chinese numerals do not matter. A query with fewer than
 * two letters/digits only matches a key equal to it; an empty query returns [].
 */
export function fuzzyMatch<T>(
  query: string,
  candidates: readonly T[],
  key: (t: T) => string,
  opts?: FuzzyMatchOptions,
): Array<FuzzyMatch<T>> {
  const q = comparable(typeof query === 'string' ? query : '', MAX_QUERY);
  if (q.length === 0 || WEAK_QUERY.test(q.join(''))) return [];
  const limit = Math.max(0, Math.floor(opts?.limit ?? DEFAULT_LIMIT));
  const minScore = opts?.minScore ?? DEFAULT_MIN_SCORE;
  const scored: Array<FuzzyMatch<T> & { len: number; index: number }> = [];
  candidates.forEach((item, index) => {
    const k = comparable(key(item), MAX_KEY);
    const raw = q.length < 2 ? (q.join('') === k.join('') ? 1 : 0) : similarity(q, k);
    const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
    if (score > 0 && score >= minScore) scored.push({ item, score, len: k.length, index });
  });
  scored.sort((a, b) => b.score - a.score || a.len - b.len || a.index - b.index);
  return scored.slice(0, limit).map(({ item, score }) => ({ item, score }));
}
