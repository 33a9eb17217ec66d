import { describe, expect, it } from 'vitest';
import { formatWanYuan, parseYuan } from '../src/index.ts';

describe('money', () => {
  it('parses yuan text into fen without float error', () => {
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('12万')).toBe(12_000_000);
    expect(formatWanYuan(123_456_789)).toBe('123.46万元');
  });
});
