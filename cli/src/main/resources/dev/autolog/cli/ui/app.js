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

  /*
   * A UI started with --token prints its address with ?token=. The page keeps the token in this origin's storage
   * (scheme, host and port: no other service of the host can read it, as it could a cookie), takes it out of the
   * address bar, and sends it with every request of its own.
   */
  const TOKEN_KEY = 'autolog-token';
  const token = (() => {
    const p = new URLSearchParams(location.search);
    const given = p.get('token');
    if (!given) {
      try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
    }
    try {
      localStorage.setItem(TOKEN_KEY, given);
      p.delete('token');
      history.replaceState(history.state, '', location.pathname + (p.toString() ? '?' + p : '') + location.hash);
    } catch (e) { /* no storage: the token stays in this page's address */ }
    return given;
  })();

  /** fetch for the UI's own API: the token, when there is one, in its header. */
  function fetchApi(url) {
    return fetch(url, token ? {cache: 'no-store', headers: {'X-Autolog-Token': token}} : {cache: 'no-store'});
  }

  /** An API address a link opens (a download): the token, when there is one, in its query. */
  function link(url) {
    return token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;
  }

  async function api(path) {
    const r = await fetchApi('/api/' + path);
    const text = await r.text();
    if (!r.ok) {
      let message = text;
      try { message = JSON.parse(text).error || text; } catch (e) { /* a plain line */ }
      throw new Error(message || ('HTTP ' + r.status));
    }
    return JSON.parse(text);
  }

  const scripts = {};

  /** Loads one of the UI's own scripts once, when a page first needs it. */
  function script(src) {
    scripts[src] = scripts[src] || new Promise((resolve, reject) => {
      const s = el('script', {src});
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load ' + src));
      document.head.append(s);
    });
    return scripts[src];
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

  const X_MODES = {step: 'step', time: 'wall time', relative: 'relative time (s)'};

  /** The charts' options as the address holds them: chart.smooth (0 to 0.99), chart.log=1, chart.x. */
  function chartOptions() {
    const p = new URLSearchParams(location.search);
    const smooth = Math.min(0.99, Math.max(0, Number(p.get('chart.smooth')) || 0));
    return {smooth: smooth, log: p.get('chart.log') === '1', x: X_MODES[p.get('chart.x')] ? p.get('chart.x') : 'step'};
  }

  function saveChartOptions(o) {
    const p = new URLSearchParams(location.search);
    const set = (name, value) => value ? p.set(name, value) : p.delete(name);
    set('chart.smooth', o.smooth > 0 ? String(o.smooth) : null);
    set('chart.log', o.log ? '1' : null);
    set('chart.x', o.x !== 'step' ? o.x : null);
    history.replaceState(history.state, '', location.pathname + (p.toString() ? '?' + p : '') + location.hash);
  }

  /** Smoothing, log scale and x controls; onChange(options) once they are saved in the address. */
  function chartControls(onChange) {
    const o = chartOptions();
    const smooth = el('input', {type: 'range', id: 'chart-smooth', min: '0', max: '0.99', step: '0.01',
      value: String(o.smooth)});
    const shown = el('span', {id: 'chart-smooth-value'}, String(o.smooth));
    const log = el('input', {type: 'checkbox', id: 'chart-log', checked: o.log});
    const x = el('select', {id: 'chart-x'}, ...Object.entries(X_MODES).map(([v, text]) =>
      el('option', {value: v, selected: v === o.x}, text)));
    let timer = null;
    const changed = () => {
      const n = {smooth: Number(smooth.value), log: log.checked, x: x.value};
      shown.textContent = String(n.smooth);
      saveChartOptions(n);
      clearTimeout(timer);
      timer = setTimeout(() => onChange(n), 120);
    };
    smooth.addEventListener('input', changed);
    log.addEventListener('change', changed);
    x.addEventListener('change', changed);
    return el('div', {class: 'filters', id: 'chart-controls'}, el('label', {}, 'smoothing ', smooth, ' ', shown),
      el('label', {}, log, ' log scale'), el('label', {}, 'x ', x),
      el('span', {class: 'meta'}, 'drag to zoom, double-click to reset; hover for the exact logged point'));
  }

  function chartWidth() {
    return Math.round(Math.min(560, Math.max(320, window.innerWidth / 2 - 48)));
  }

  /** The /api/metrics query of a run's charts drawn with these options. */
  function metricsQuery(runId, o) {
    return 'metrics?id=' + encodeURIComponent(runId) + '&points=' + chartWidth() + '&x='
      + (o.x === 'step' ? 'step' : 'time') + '&smoothing=' + o.smooth;
  }

  /** One series as uPlot wants it: x (steps, or seconds) and y, NaN, infinities and log-hidden values as gaps. */
  function table(s, o) {
    const xs = o.x === 'step' ? s.data.step
      : s.data.time.map(t => (t - (o.x === 'relative' ? s.firstTime : 0)) / 1000);
    const ys = (o.smooth > 0 && s.data.smoothed ? s.data.smoothed : s.data.value)
      .map(v => typeof v !== 'number' || (o.log && v <= 0) ? null : v);
    return [xs, ys];
  }

  /** The text of an exact point: its value as logged (NaN and infinities included), its step and time. */
  function pointText(p) {
    return p.value + ' at step ' + p.step + ' (' + new Date(p.time).toISOString() + ')';
  }

  /**
   * A zoomable uPlot chart of one metric, one series per run: series are [{label, runId, data, firstTime}], data
   * being the key's entry of /api/metrics. NaN and infinite values are marked on the chart's edges; the hover asks
   * the server for the logged point nearest the cursor. Returns {u, update(series)}.
   */
  function metricChart(container, key, series, o) {
    container.replaceChildren();
    const state = {series: series, tables: series.map(s => table(s, o))};
    const hover = el('div', {class: 'meta hover'});
    const note = el('div', {class: 'meta note'});
    const data = () => state.tables.length === 1 ? state.tables[0] : uPlot.join(state.tables);
    let asked = 0;
    let timer = null;
    const hoverAt = u => {
      if (u.cursor.left == null || u.cursor.left < 0) return;
      const x = u.posToVal(u.cursor.left, 'x');
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++asked;
        const answers = await Promise.all(state.series.map(s => api('metric-point?id=' + encodeURIComponent(s.runId)
          + '&key=' + encodeURIComponent(key) + '&x=' + (o.x === 'step' ? 'step' : 'time') + '&at='
          + (o.x === 'step' ? x : o.x === 'time' ? x * 1000 : x * 1000 + s.firstTime)).catch(() => null)));
        if (mine !== asked) return;
        hover.replaceChildren(...answers.map((a, i) => a && a.points.length > 0
          ? el('div', {}, state.series[i].label + ': ' + a.points.map(pointText).join('; ')) : null));
        const first = answers[0] && answers[0].points[0];
        container.setAttribute('data-hover-step', first ? String(first.step) : '');
        container.setAttribute('data-hover-value', first ? String(first.value) : '');
        container.setAttribute('data-hovered', String(mine));
      }, 40);
    };
    const markNonFinite = u => {
      const ctx = u.ctx;
      ctx.save();
      ctx.font = (10 * devicePixelRatio) + 'px sans-serif';
      ctx.textAlign = 'center';
      state.series.forEach((s, i) => {
        ctx.fillStyle = COLORS[i % COLORS.length];
        const xs = state.tables[i][0];
        s.data.value.forEach((v, k) => {
          if (typeof v === 'number') return;
          const left = u.valToPos(xs[k], 'x', true);
          const top = v === 'Infinity' ? u.bbox.top + 10 * devicePixelRatio : u.bbox.top + u.bbox.height - 2;
          ctx.fillText(v === 'Infinity' ? '+\u221e' : v === '-Infinity' ? '-\u221e' : 'NaN', left, top);
        });
      });
      ctx.restore();
    };
    const describe = () => {
      const first = state.series[0].data;
      container.setAttribute('data-points', String(state.tables[0][1].filter(v => v != null).length));
      container.setAttribute('data-count', String(first.count));
      container.setAttribute('data-series', String(state.series.length));
      const odd = state.series.filter(s => s.data.nonfinite.nan + s.data.nonfinite.inf + s.data.nonfinite['-inf'] > 0)
        .map(s => s.label + ': ' + s.data.nonfinite.nan + ' NaN, ' + s.data.nonfinite.inf + ' +inf, '
          + s.data.nonfinite['-inf'] + ' -inf (marked on the edges, not drawn)');
      const hidden = o.log && state.series.some(s => (o.smooth > 0 && s.data.smoothed ? s.data.smoothed : s.data.value)
        .some(v => typeof v === 'number' && v <= 0)) ? ['values \u2264 0 are left out on a log scale'] : [];
      note.replaceChildren(...odd.concat(hidden).map(t => el('div', {}, t)));
    };
    const u = new uPlot({
      title: key, width: chartWidth(), height: 260,
      scales: {x: {time: o.x === 'time'}, y: {distr: o.log ? 3 : 1}},
      cursor: {drag: {x: true, y: false}},
      series: [{label: X_MODES[o.x]}].concat(series.map((s, i) => ({
        label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5,
        points: {show: state.tables[0][0].length < 60}
      }))),
      axes: [{label: X_MODES[o.x]}, {}],
      hooks: {
        setCursor: [hoverAt],
        draw: [u => {
          markNonFinite(u);
          window.autologDrawnAt = window.autologDrawnAt || performance.now();
          container.setAttribute('data-drawn', String(Number(container.getAttribute('data-drawn') || 0) + 1));
        }]
      }
    }, data(), container);
    container.append(hover, note);
    describe();
    window.autologCharts.push(u);
    return {
      u: u,
      update(next) {
        state.series = next;
        state.tables = next.map(s => table(s, o));
        u.setData(data());
        describe();
      },
      destroy() {
        u.destroy();
        window.autologCharts = window.autologCharts.filter(c => c !== u);
      }
    };
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

  return {el, api, fetchApi, link, script, query, showError, number, time, duration, status, isLive, runLink,
    keyValues, chartOptions, chartControls, metricsQuery, metricChart, keepFresh};
})();
