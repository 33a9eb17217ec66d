/** A share in millionths, so differences of shares compare exactly (0.065 − 0.055 is not 0.01 in floating point). */
export function micro(share: number): number {
  return Math.round(share * 1_000_000);
}
