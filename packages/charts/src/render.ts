import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

export type ChartOption = echarts.EChartsOption;

// Single quotes: ECharts writes the family into a double-quoted style attribute.
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An ECharts option rendered on the server as SVG (ECharts' own SSR renderer): pages show charts
 * without any script. `description` says in words what the chart shows (its data), for screen
 * readers and anyone who cannot see it: it becomes the SVG's title and accessible name.
 */
export function renderSvg(
  option: ChartOption,
  size: { width: number; height: number },
  description: string,
): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      ...option,
    });
    const label = escapeXml(description);
    return chart
      .renderToSVGString()
      .replace(/^<svg /, `<svg role="img" aria-label="${label}" `)
      .replace(/^(<svg[^>]*>)/, `$1<title>${label}</title>`);
  } finally {
    chart.dispose();
  }
}

/** The same chart as a PNG, for DingTalk messages (which show pictures, not SVG); uses the system's fonts. */
export function svgToPng(svg: string, width: number): Buffer {
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
  }).render();
  return png.asPng();
}
