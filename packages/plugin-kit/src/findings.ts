/**
 * The keys one rule gave to more than one of its findings on the same item (a finding without a
 * key has the rule's own, shown as “默认”). The platform refuses such a result as a rule error:
 * two problems under one key would be one warning, and the second would be lost.
 */
export function duplicateFindingKeys(findings: ReadonlyArray<{ key?: string; itemId?: number }>): string[] {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const f of findings) {
    const key = f.key ?? '';
    const id = `${f.itemId ?? ''}\u0000${key}`;
    if (seen.has(id)) duplicated.add(key === '' ? '默认' : key);
    seen.add(id);
  }
  return [...duplicated];
}

/** The Chinese rule error for duplicated keys. */
export function duplicateKeysMessage(keys: readonly string[]): string {
  return `同一项目上有多条发现使用相同的 key（${keys.map((k) => `“${k}”`).join('、')}）：一条规则报告的每个问题须有自己的 key`;
}
