'use strict';
/* Several runs: their curves overlaid per metric, params side by side with differences highlighted. */
(() => {
  const {el, api, query, number, runLink, chart, xy} = Autolog;
  const ids = (query('ids') || '').split(',').filter(s => s);
  const main = document.getElementById('main');

  async function load() {
    if (ids.length < 2) throw new Error('give two or more runs: /compare?ids=<run id>,<run id>');
    const runs = await Promise.all(ids.map(id => api('run?id=' + encodeURIComponent(id))));
    const points = await Promise.all(ids.map(id => api('metrics?id=' + encodeURIComponent(id))));
    const head = el('tr', {}, el('th', {}, ''), ...runs.map(r => el('th', {}, runLink(r))));

    const paramKeys = [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort();
    const paramRows = paramKeys.map(k => {
      const values = runs.map(r => r.params[k]);
      const differs = new Set(values.map(v => v === undefined ? '\u0000' : v)).size > 1;
      return el('tr', {class: differs ? 'diff' : '', 'data-param': k}, el('th', {}, k),
        ...values.map(v => el('td', {}, v === undefined ? '' : v)));
    });

    const metricKeys = [...new Set(runs.flatMap(r => r.metric_stats.map(m => m.key)))].sort();
    const stat = (r, k) => r.metric_stats.find(m => m.key === k);
    const metricRows = metricKeys.flatMap(k => ['latest', 'best'].map(which => el('tr', {},
      el('th', {}, k + (which === 'latest' ? ' (final)' : ' (best)')),
      ...runs.map(r => el('td', {class: 'num'}, stat(r, k) ? number(stat(r, k)[which]) : '')))));

    const charts = el('div', {class: 'charts', id: 'charts'});
    main.replaceChildren(el('h1', {}, 'Comparing ' + runs.length + ' runs'),
      el('h2', {}, 'Metrics'), el('table', {id: 'metrics'}, el('thead', {}, head.cloneNode(true)),
        el('tbody', {}, ...metricRows)),
      charts,
      el('h2', {}, 'Params (differences highlighted)'),
      el('table', {id: 'params'}, el('thead', {}, head), el('tbody', {}, ...paramRows)));
    for (const key of metricKeys) {
      const tables = points.filter(p => p[key]).map(p => xy(p[key], false));
      const labels = runs.filter((r, i) => points[i][key]).map(r => r.run_name || r.run_id);
      const box = el('div', {class: 'chart', 'data-metric': key});
      charts.append(box);
      chart(box, key, 'step', false, labels, uPlot.join(tables));
    }
  }
  load().catch(e => Autolog.showError(e));
})();
