/** A share (0..1) as a percentage with up to two decimals: 0.1001 → "10.01%", 0.1 → "10%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** A multiple with up to two decimals: 1.234 → "1.23倍". */
export function times(x: number): string {
  return `${Number(x.toFixed(2))}倍`;
}
