/** The PostgreSQL SQLSTATE of an error, looking through driver/ORM wrappers. */
function sqlState(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';

/** A number the column cannot hold (an id beyond a 32-bit column, an amount beyond its type). */
export const isOutOfRange = (err: unknown) => sqlState(err) === '22003';
