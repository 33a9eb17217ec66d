/** A number with up to two decimals and its unit: (1.234, '倍') → "1.23倍", (5.96, '个月') → "5.96个月". */
export function formatDecimal(value: number, unit = ''): string {
  return `${Number(value.toFixed(2))}${unit}`;
}

/** A share (0..1) as a percentage with up to two decimals: 0.1001 → "10.01%", 0.1 → "10%". */
export function formatShare(share: number): string {
  return formatDecimal(share * 100, '%');
}

/** A multiple with up to two decimals: 1.234 → "1.23倍". */
export function formatTimes(multiple: number): string {
  return formatDecimal(multiple, '倍');
}
