'use strict';
/*
 * The runs page's pictures of many runs, drawn by ECharts: parallel coordinates (one axis per column, one line per
 * run, brushes on the axes) and a scatter (one point per run). Names and values reach the page only as canvas text
 * or through the escaping tooltip formatter, never as HTML.
 */
const AutologViews = (() => {
  /* The numbers the server's brushes read in text (SearchParser.NUMBER): no plus, hex, suffix or space. */
  const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
      "'": '&#39;'})[c]);
  }

  /** A column drawn as numbers when every value there is one (a number, or a text that is one), else as text. */
  function axis(values) {
    const present = values.filter(v => v !== null && v !== undefined);
    const numeric = present.every(v => typeof v === 'number' || NUMBER.test(v));
    if (numeric) return {numeric: true, position: v => v === null || v === undefined ? null : Number(v)};
    const categories = [...new Set(present.map(String))].sort();
    const index = new Map(categories.map((c, i) => [c, i]));
    return {numeric: false, categories, position: v => v === null || v === undefined ? null : index.get(String(v))};
  }

  function mount(container) {
    const old = echarts.getInstanceByDom(container);
    if (old) old.dispose();
    return echarts.init(container, null, {renderer: 'canvas'});
  }

  /**
   * Parallel coordinates. data: /api/values' answer; brushes: Map column name -> {ranges} or {categories};
   * onBrush(name, brush or null) when the user brushes an axis. Returns how many runs are drawn.
   */
  function parallel(container, data, brushes, onBrush) {
    const chart = mount(container);
    const axes = data.columns.map((name, i) => ({name, ...axis(data.runs.map(r => r.values[i]))}));
    const drawn = data.runs.filter(r => r.values.every(v => v !== null && v !== undefined));
    chart.setOption({
      animation: false,
      parallel: {left: 90, right: 140, top: 50, bottom: 40},
      parallelAxisDefault: {realtime: false, nameLocation: 'end', nameGap: 16,
        nameTextStyle: {fontSize: 12, width: 170, overflow: 'truncate'},
        axisLabel: {fontSize: 11, width: 120, overflow: 'truncate'}},
      parallelAxis: axes.map((a, i) => ({id: 'axis-' + i, dim: i, name: a.name,
        type: a.numeric ? 'value' : 'category', data: a.numeric ? undefined : a.categories, scale: true})),
      series: [{type: 'parallel', lineStyle: {width: 1, opacity: 0.5, color: '#1f77b4'},
        inactiveOpacity: 0.04, activeOpacity: 0.8, progressive: 1000,
        data: drawn.map(r => r.values.map((v, i) => axes[i].position(v)))}]
    });
    let restoring = true;
    axes.forEach((a, i) => {
      const b = brushes.get(a.name);
      if (b) chart.dispatchAction({type: 'axisAreaSelect', parallelAxisId: 'axis-' + i, intervals: intervals(a, b)});
    });
    restoring = false;
    chart.on('axisareaselected', e => {
      if (restoring) return;
      const i = Number(String(e.parallelAxisId).slice('axis-'.length));
      const a = axes[i];
      const spans = (e.intervals || []).map(s => [Math.min(s[0], s[1]), Math.max(s[0], s[1])]);
      if (spans.length === 0) onBrush(a.name, null);
      else if (a.numeric) onBrush(a.name, {ranges: spans});
      else onBrush(a.name, {categories: a.categories.filter((c, k) => spans.some(s => s[0] <= k && k <= s[1]))});
    });
    return drawn.length;
  }

  /** A brush's ranges on the axis as drawn: categories become runs of neighbouring category positions. */
  function intervals(a, b) {
    if (a.numeric) return b.ranges || [];
    const positions = (b.categories || []).map(c => a.categories.indexOf(c)).filter(k => k >= 0).sort((x, y) => x - y);
    const out = [];
    for (const k of positions) {
      if (out.length && out[out.length - 1][1] === k - 1) out[out.length - 1][1] = k;
      else out.push([k, k]);
    }
    return out.map(([lo, hi]) => [lo - 0.45, hi + 0.45]);
  }

  /**
   * Scatter of the first column (x) against the second (y), one point per run with both; hovering names the run,
   * a click calls open(run id). Returns how many points are drawn.
   */
  function scatter(container, data, open) {
    const chart = mount(container);
    const [xName, yName] = data.columns;
    const runs = data.runs.filter(r => r.values.every(v => v !== null && v !== undefined));
    const x = axis(runs.map(r => r.values[0]));
    const y = axis(runs.map(r => r.values[1]));
    const axisOption = (a, name, location) => ({type: a.numeric ? 'value' : 'category', data: a.numeric ? undefined
      : a.categories, name, nameLocation: location, nameGap: location === 'middle' ? 30 : 12, scale: true});
    chart.setOption({
      animation: false,
      grid: {left: 70, right: 140, top: 40, bottom: 50},
      xAxis: axisOption(x, xName, 'middle'),
      yAxis: axisOption(y, yName, 'end'),
      tooltip: {trigger: 'item', formatter: p => {
        const r = runs[p.dataIndex];
        return '<b>' + escapeHtml(r.run_name || r.run_id) + '</b><br>' + escapeHtml(xName) + ': '
          + escapeHtml(Autolog.number(r.values[0])) + '<br>' + escapeHtml(yName) + ': '
          + escapeHtml(Autolog.number(r.values[1]));
      }},
      series: [{type: 'scatter', symbolSize: 8, itemStyle: {color: '#d62728', opacity: 0.75}, cursor: 'pointer',
        large: runs.length > 2000, data: runs.map(r => [x.position(r.values[0]), y.position(r.values[1])])}]
    });
    chart.on('click', p => open(runs[p.dataIndex].run_id));
    return runs.length;
  }

  return {parallel, scatter, NUMBER};
})();
