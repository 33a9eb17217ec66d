/**
 * Spreadsheet programs run text that starts with one of these as a formula when it is pasted or
 * saved as CSV (formula injection); exported text gets an apostrophe in front, as OWASP advises.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `neutralise` when our own export comes back. */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
