/** A share (0..1) as a percentage with up to two decimals: 0.1001 → "10.01%", 0.1 → "10%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** A share in millionths, so differences of shares compare exactly (0.065 − 0.055 is not 0.01 in floating point). */
export function micro(share: number): number {
  return Math.round(share * 1_000_000);
}
