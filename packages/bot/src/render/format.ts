import { formatBp, formatWanYuan, type ReplyButton, type Severity } from '@jixiao/core';

export { formatBp, formatWanYuan };

/** Colour words officials use for severities. */
export const SEVERITY_TAG: Readonly<Record<Severity, string>> = {
  red: '【红】',
  orange: '【橙】',
  yellow: '【黄】',
};

export const SEVERITY_SHORT: Readonly<Record<Severity, string>> = { red: '红', orange: '橙', yellow: '黄' };

/** How many rows a list shows before "还有 N 条". */
export const LIST_CAP = 10;

export function commandButton(label: string, text: string): ReplyButton {
  return { label, kind: 'command', text };
}

export function callbackButton(label: string, action: string, payload: Record<string, string>): ReplyButton {
  return { label, kind: 'callback', action, payload };
}

/** Cuts text to `max` characters (by code point) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** User text echoed back: markdown and HTML control characters removed, short. */
export function echo(text: string, max = 30): string {
  return clip(text.replace(/[\\`*_#<>[\]()|~!]/g, '').trim(), max);
}

/** Markdown-safe rendering of stored text (names, messages) inside our markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_#<>[\]|]/g, (c) => `\\${c}`);
}

/** "执行率 45.0%（序时进度 58.3%，落后 13.3 个百分点）". */
export function rateVsProgress(rateBp: number, progressBp: number): string {
  const lag = progressBp - rateBp;
  const tail =
    lag > 0
      ? `，落后 ${(lag / 100).toFixed(1)} 个百分点`
      : lag < 0
        ? `，超前 ${(-lag / 100).toFixed(1)} 个百分点`
        : '';
  return `执行率 ${formatBp(rateBp)}（序时进度 ${formatBp(progressBp)}${tail}）`;
}

/** "还有 N 条未列出" when a list was capped. */
export function moreLine(shown: number, total: number, unit = '条'): string {
  return total > shown ? `\n\n……还有 ${total - shown} ${unit}未列出。` : '';
}

/** A number with up to two decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
