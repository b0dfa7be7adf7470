import { useEffect, useRef } from 'react';
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

/**
 * An SVG ECharts instance living on the returned element: it follows the element's size and is
 * disposed with the component. Set options in an effect declared after this hook.
 */
export function useChart() {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  return { el, chart };
}
