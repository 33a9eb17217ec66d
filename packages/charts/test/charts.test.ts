import { describe, expect, it } from 'vitest';
import { barChart, pieChart, svgToPng } from '../src/index.ts';

describe('charts rendered on the server', () => {
  const execution = [
    { label: '景德镇市教育局', value: 86.4 },
    { label: '景德镇市住房和城乡建设局', value: 71.2 },
    { label: '景德镇市卫生健康委员会', value: 93 },
  ];

  it('draws a bar chart as SVG with its labels, values and an accessible description', () => {
    const svg = barChart('各部门预算执行率', execution, '%', {
      referenceLine: { label: '序时进度', value: 91.7 },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('景德镇市教育局');
    expect(svg).toContain('86.4%');
    expect(svg).toContain('序时进度');
    expect(svg).toContain(
      'aria-label="各部门预算执行率（序时进度91.7%）：景德镇市教育局86.4%；景德镇市住房和城乡建设局71.2%；景德镇市卫生健康委员会93%"',
    );
    expect(svg).toContain('<title>各部门预算执行率');
    expect(svg).not.toContain('<script');
  });

  it('draws a pie chart of a distribution with counts and shares', () => {
    const svg = pieChart('评价等级分布', [
      { label: '优', value: 12 },
      { label: '良', value: 20 },
      { label: '中', value: 6 },
      { label: '差', value: 2 },
    ]);
    expect(svg).toContain('优：12（30%）');
    expect(svg).toContain('差：2（5%）');
  });

  it('turns a chart into a PNG for DingTalk', () => {
    const png = svgToPng(barChart('各部门预算执行率', execution, '%'), 800);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      true,
    );
    expect(png.readUInt32BE(16)).toBe(800);
  });
});
