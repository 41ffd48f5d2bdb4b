'use strict';
/* One run: params, datasets, tags, metric summary, logged models, artifacts (download, JSON and text inline), a chart
   per metric. */
(() => {
  const {el, api, query, number, time, duration, keyValues, chartOptions, chartControls, metricsQuery, metricChart}
    = Autolog;
  const id = query('id');
  const main = document.getElementById('main');
  const title = el('h1', {id: 'run-name'});
  const meta = el('p', {class: 'meta', id: 'run-meta'});
  const charts = el('div', {class: 'charts', id: 'charts'});
  const params = el('div', {id: 'params'});
  const metrics = el('div', {id: 'metrics'});
  const tags = el('div', {id: 'tags'});
  const models = el('div', {id: 'models'});
  const artifacts = el('div', {id: 'artifacts'});
  const datasets = el('div', {id: 'datasets'});
  const viewer = el('pre', {class: 'artifact', id: 'artifact-view', hidden: true});
  main.append(title, meta, el('h2', {}, 'Metrics'), metrics,
    chartControls(o => { options = o; loadCharts(true).catch(e => Autolog.showError(e)); }), charts,
    el('h2', {}, 'Params'), params, el('h2', {}, 'Datasets'), datasets, el('h2', {}, 'Tags'), tags,
    el('h2', {}, 'Models'), models, el('h2', {}, 'Artifacts'), artifacts, viewer);
  const plots = new Map();
  let options = chartOptions();

  /** Draws a chart per metric from the server's downsampled series; rebuild after the options changed. */
  async function loadCharts(rebuild) {
    const asked = options;
    const answer = await api(metricsQuery(id, asked));
    if (asked !== options) return; // the options changed meanwhile: their own load draws
    if (rebuild) {
      plots.forEach(p => p.destroy());
      plots.clear();
      charts.replaceChildren();
    }
    for (const [key, data] of Object.entries(answer.metrics)) {
      const series = [{label: key, runId: id, data: data, firstTime: answer.first_time}];
      if (plots.has(key)) {
        plots.get(key).update(series);
      } else {
        const box = el('div', {class: 'chart', 'data-metric': key});
        charts.append(box);
        plots.set(key, metricChart(box, key, series, asked));
      }
    }
  }

  async function showArtifact(a) {
    const r = await Autolog.fetchApi('/api/artifact?id=' + encodeURIComponent(id) + '&path='
      + encodeURIComponent(a.path));
    let text = await r.text();
    if (a.path.endsWith('.json')) {
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* shown as it is */ }
    }
    viewer.hidden = false;
    viewer.textContent = text;
  }

  /* A table of one row per item, or 'none'; every cell is text. */
  function listTable(headers, items, rowAttributes, cells) {
    if (items.length === 0) return el('p', {class: 'meta'}, 'none');
    return el('table', {}, el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
      el('tbody', {}, ...items.map(item => el('tr', rowAttributes(item), ...cells(item).map(c => el('td', {}, c))))));
  }

  function renderRun(run) {
    document.title = 'autolog · ' + (run.run_name || run.run_id);
    title.textContent = run.run_name || run.run_id;
    meta.replaceChildren(Autolog.status(run, 'run-status'),
      ' · ' + run.run_id + ' · experiment ' + run.experiment_name + ' · started ' + time(run.start_time)
      + ' · ' + duration(run.duration_ms) + (run.lifecycle_stage === 'active' ? '' : ' · deleted'),
      run.stale ? el('p', {class: 'meta', id: 'stale-note'}, 'The process that wrote this run is gone, so it will'
        + ' never end by itself. End it with: java -jar autolog-agent.jar runs end ' + run.run_id + ' --status KILLED')
        : null);
    params.replaceChildren(keyValues(run.params, 'param'));
    tags.replaceChildren(keyValues(run.tags, 'tag'));
    metrics.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, ...['metric', 'latest', 'step', 'points', 'best']
      .map(h => el('th', {}, h)))), el('tbody', {}, ...run.metric_stats.map(m => el('tr', {}, el('td', {}, m.key),
      el('td', {class: 'num'}, number(m.latest)), el('td', {class: 'num'}, m.latest_step),
      el('td', {class: 'num'}, m.points), el('td', {class: 'num'}, number(m.best)))))));
    models.replaceChildren(listTable(['model', 'flavors', 'signature', 'status', 'LoggedModel', 'registered'],
      run.models, m => ({'data-model': m.path}), m => [m.path, m.flavors.join(', '), m.signature, m.status, m.model_id,
        m.registered_versions.join(', ')]));
    datasets.replaceChildren(listTable(['name', 'digest', 'context', 'source', 'schema', 'profile'],
      run.datasets, d => ({'data-dataset': d.name}), d => [d.name, d.digest, d.context || '',
        d.source_type + ' ' + d.source, d.schema_summary, d.profile || '']));
    artifacts.replaceChildren(run.artifacts.length === 0 ? el('p', {class: 'meta'}, 'none')
      : el('table', {}, el('tbody', {}, ...run.artifacts.map(a => {
        const show = a.inline ? el('button', {}, 'show') : null;
        if (show) show.addEventListener('click', () => showArtifact(a));
        return el('tr', {}, el('td', {}, a.path), el('td', {class: 'num'}, a.size + ' bytes'),
          el('td', {}, el('a', {href: Autolog.link('/api/artifact?id=' + encodeURIComponent(id) + '&path='
            + encodeURIComponent(a.path) + '&download=1')}, 'download')), el('td', {}, show));
      }))));
  }

  if (!id) {
    Autolog.showError('no run id in the address (expected /run?id=<run id>)');
    return;
  }
  Autolog.keepFresh(async () => {
    const [run] = await Promise.all([api('run?id=' + encodeURIComponent(id)), loadCharts(false)]);
    renderRun(run);
    return Autolog.isLive(run);
  });
})();
