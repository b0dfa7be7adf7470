import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only the pieces used are registered, which keeps the chart chunk a fraction of full ECharts;
// each chart registers its own series type next to this.
echarts.use([GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export { echarts };

/** A theme colour from the stylesheet's custom properties, so charts follow the light or dark theme. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Roughly how wide an axis label is drawn (12 px sans-serif), to decide whether labels fit. */
export function labelWidth(text: string): number {
  // CJK characters are about twice as wide as Latin ones.
  let width = 0;
  for (const ch of text) width += /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/.test(ch) ? 12 : 7;
  return width + 8;
}

/**
 * An SVG ECharts instance living on the returned element: it follows the element's size and is
 * disposed with the component. Set options in an effect declared after this hook. `width` is the
 * element's current width in px (0 before the first layout), so a chart can choose a layout that
 * fits a phone (fewer or turned labels, horizontal bars) and re-choose it when the screen turns.
 */
export function useChart() {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el.current) return;
    const node = el.current;
    const instance = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    setWidth(node.clientWidth);
    const observer = new ResizeObserver(() => {
      instance.resize();
      // Whole pixels: sub-pixel jitter while a page lays out must not redraw the chart each time.
      setWidth(Math.round(node.clientWidth));
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  return { el, chart, width };
}
