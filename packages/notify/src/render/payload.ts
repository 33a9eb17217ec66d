/** Reads a positive integer id from an outbox payload, or null. */
export function payloadId(payload: Record<string, unknown>, key: string): number | null {
  const v = payload[key];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

export function payloadString(payload: Record<string, unknown>, key: string): string | null {
  const v = payload[key];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** The re-send number of a re-sent notice (0 for the first sending). */
export function payloadResend(payload: Record<string, unknown>): number {
  const v = payload.resend;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}
