'use strict';
/* Several runs: their curves overlaid per metric, params side by side with differences highlighted. */
(() => {
  const {el, api, query, number, runLink, chartOptions, chartControls, metricsQuery, metricChart} = Autolog;
  const ids = (query('ids') || '').split(',').filter(s => s);
  const main = document.getElementById('main');

  async function load() {
    if (ids.length < 2) throw new Error('give two or more runs: /compare?ids=<run id>,<run id>');
    const runs = await Promise.all(ids.map(id => api('run?id=' + encodeURIComponent(id))));
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
      chartControls(o => drawCharts(runs, metricKeys, charts, o).catch(e => Autolog.showError(e))), charts,
      el('h2', {}, 'Params (differences highlighted)'),
      el('table', {id: 'params'}, el('thead', {}, head), el('tbody', {}, ...paramRows)));
    await drawCharts(runs, metricKeys, charts, chartOptions());
  }

  /** One chart per metric, one series per run that has it, named by the run's name. */
  async function drawCharts(runs, metricKeys, charts, o) {
    const answers = await Promise.all(ids.map(id => api(metricsQuery(id, o))));
    window.autologCharts.forEach(u => u.destroy());
    window.autologCharts = [];
    charts.replaceChildren();
    for (const key of metricKeys) {
      const series = runs.map((r, i) => ({label: r.run_name || r.run_id, runId: r.run_id,
        data: answers[i].metrics[key], firstTime: answers[i].first_time})).filter(s => s.data);
      const box = el('div', {class: 'chart', 'data-metric': key});
      charts.append(box);
      metricChart(box, key, series, o);
    }
  }
  load().catch(e => Autolog.showError(e));
})();
