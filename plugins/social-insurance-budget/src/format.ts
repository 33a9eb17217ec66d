/** A share (0..1) as a percentage with up to two decimals: 0.1001 → "10.01%", 0.1 → "10%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** Months with up to two decimals (one decimal would show 5.96 as "6.0"): 5.96 → "5.96个月". */
export function months(x: number): string {
  return `${Number(x.toFixed(2))}个月`;
}
