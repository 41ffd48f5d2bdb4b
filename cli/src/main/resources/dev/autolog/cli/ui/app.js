'use strict';
/*
 * Shared by the pages. Everything read from the store reaches the DOM through textContent or attribute
 * setters, never as HTML.
 */
const Autolog = (() => {
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  window.autologCharts = [];

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k.startsWith('data-')) e.setAttribute(k, v);
      else if (k === 'class') e.className = v;
      else e[k] = v;
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  async function api(path) {
    const r = await fetch('/api/' + path, {cache: 'no-store'});
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }

  function query(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function showError(e) {
    document.getElementById('error').textContent = e ? String(e.message || e) : '';
  }

  function number(v) {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  }

  function time(ms) {
    return ms ? new Date(ms).toLocaleString() : '';
  }

  function duration(ms) {
    if (ms < 1000) return ms + 'ms';
    const s = Math.floor(ms / 1000);
    if (s < 60) return (ms / 1000).toFixed(1) + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
    return Math.floor(s / 3600) + 'h' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm';
  }

  /**
   * A run's status; a stale one (RUNNING in the store, its writer process gone) says so and how to end it, and is
   * no longer re-polled.
   */
  function status(run, id) {
    const text = run.stale ? 'STALE' : run.status;
    const span = el('span', {class: 'status-' + text}, text);
    if (id) span.id = id;
    if (run.stale) {
      span.title = 'RUNNING in the store, but the process that wrote it is gone; end it with: '
        + 'java -jar autolog-agent.jar runs end ' + run.run_id + ' --status KILLED';
    }
    return span;
  }

  function isLive(run) {
    return run.status === 'RUNNING' && !run.stale;
  }

  function runLink(run) {
    return el('a', {href: '/run?id=' + encodeURIComponent(run.run_id)}, run.run_name || run.run_id);
  }

  /** A two-column table of a key-value map. */
  function keyValues(map, keyHeader) {
    const rows = Object.entries(map).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v)));
    return rows.length === 0 ? el('p', {class: 'meta'}, 'none')
      : el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, keyHeader), el('th', {}, 'value'))),
        el('tbody', {}, ...rows));
  }

  /**
   * A zoomable uPlot chart (drag to zoom, double-click to reset) of one or more series over a shared x.
   * data: [xs, ys1, ys2, ...]; the container carries data-points (points of the first series) and data-series.
   */
  function chart(container, title, xLabel, timeAxis, labels, data) {
    container.replaceChildren();
    const width = Math.min(560, Math.max(320, window.innerWidth / 2 - 48));
    const u = new uPlot({
      title: title, width: width, height: 260,
      scales: {x: {time: timeAxis}},
      cursor: {drag: {x: true, y: false}},
      series: [{label: xLabel}].concat(labels.map((label, i) => ({
        label: label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true,
        points: {show: data[0].length < 60}
      }))),
      axes: [{label: xLabel}, {}]
    }, data, container);
    container.setAttribute('data-points', String(data[1].filter(v => v != null).length));
    container.setAttribute('data-series', String(labels.length));
    window.autologCharts.push(u);
    return u;
  }

  /** Points of one metric sorted by x, x being the step or the wall time in seconds. */
  function xy(series, byTime) {
    const idx = series.step.map((_, i) => i);
    const xs = byTime ? series.time.map(t => t / 1000) : series.step;
    idx.sort((a, b) => xs[a] - xs[b]);
    return [idx.map(i => xs[i]), idx.map(i => series.value[i])];
  }

  /** Re-runs load every interval while it says runs are still going, and once in a while otherwise. */
  function keepFresh(load) {
    const tick = async () => {
      let running = false;
      try {
        running = await load();
        showError(null);
      } catch (e) {
        showError(e);
      }
      setTimeout(tick, running ? 2000 : 10000);
    };
    tick();
  }

  return {el, api, query, showError, number, time, duration, status, isLive, runLink, keyValues, chart, xy, keepFresh};
})();
