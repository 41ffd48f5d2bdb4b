'use strict';
/* Experiments and runs: sortable, filterable, newest first, refreshed while runs are RUNNING. */
(() => {
  const {el, api, query, number, time, duration, status, isLive, runLink} = Autolog;
  const state = {sort: 'start_time', desc: true, selected: new Set(), runs: []};
  const main = document.getElementById('main');

  const experimentsBody = el('tbody', {id: 'experiments'});
  const filters = {
    name: el('input', {id: 'filter-name', placeholder: 'name contains'}),
    status: el('select', {id: 'filter-status'}, ...['', 'RUNNING', 'FINISHED', 'FAILED', 'KILLED']
      .map(s => el('option', {value: s}, s || 'any status'))),
    tag: el('input', {id: 'filter-tag', placeholder: 'tag key=value'}),
    param: el('input', {id: 'filter-param', placeholder: 'param key=value'})
  };
  /* MLflow's search language, run on the server; a malformed query is shown next to it. */
  const search = {
    filter: el('input', {id: 'search-filter', size: 60,
      placeholder: "filter, e.g. metrics.`test-auc` > 0.9 and params.max_depth = '6'"}),
    orderBy: el('input', {id: 'search-order-by', size: 30, placeholder: 'order by, e.g. metrics.`test-auc` DESC'})
  };
  const searchError = el('div', {class: 'error', id: 'search-error'});
  const compare = el('button', {id: 'compare', disabled: true}, 'Compare selected');
  const runsHead = el('thead', {});
  const runsBody = el('tbody', {id: 'runs'});
  const experiment = query('experiment');
  const shownNote = el('p', {class: 'meta', id: 'shown'});

  main.append(
    el('h1', {}, 'Experiments'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'id'), el('th', {}, 'name'), el('th', {}, 'runs'))),
      experimentsBody),
    el('h1', {}, experiment ? 'Runs of experiment ' + experiment : 'Runs'),
    el('div', {class: 'filters'}, search.filter, search.orderBy), searchError,
    el('div', {class: 'filters'}, filters.name, filters.status, filters.tag, filters.param, compare),
    shownNote, el('table', {id: 'runs-table'}, runsHead, runsBody));
  Object.values(filters).forEach(f => ['input', 'change'].forEach(e => f.addEventListener(e, render)));
  Object.values(search).forEach(f => f.addEventListener('change', () => {
    state.sort = search.orderBy.value.trim() ? null : 'start_time';
    state.desc = true;
    load().catch(Autolog.showError);
  }));
  compare.addEventListener('click', () => {
    location.href = '/compare?ids=' + [...state.selected].map(encodeURIComponent).join(',');
  });

  function matches(run) {
    const kv = (text, map) => {
      if (!text) return true;
      const eq = text.indexOf('=');
      return eq < 0 ? text in map : map[text.slice(0, eq)] === text.slice(eq + 1);
    };
    return (!filters.name.value || (run.run_name || '').includes(filters.name.value))
      && (!filters.status.value || run.status === filters.status.value)
      && kv(filters.tag.value.trim(), run.tags) && kv(filters.param.value.trim(), run.params);
  }

  function columns() {
    const metricKeys = [...new Set(state.runs.flatMap(r => Object.keys(r.metrics)))].sort().slice(0, 6);
    return [
      {key: 'run_name', label: 'name', cell: r => runLink(r)},
      {key: 'experiment_name', label: 'experiment', cell: r => r.experiment_name},
      {key: 'status', label: 'status', cell: r => status(r)},
      {key: 'start_time', label: 'start', cell: r => time(r.start_time)},
      {key: 'duration_ms', label: 'duration', cell: r => duration(r.duration_ms)},
      {key: 'framework', label: 'framework', cell: r => r.framework}
    ].concat(metricKeys.map(k => ({key: 'metric:' + k, label: k, num: true, cell: r => number(r.metrics[k])})));
  }

  function value(run, key) {
    return key.startsWith('metric:') ? run.metrics[key.slice(7)] : run[key];
  }

  /* The header is rebuilt only when the columns change, so that a click on it is never lost to a re-render. */
  function renderHeader(cols) {
    const keys = cols.map(c => c.key).join('\n');
    if (runsHead.dataset.keys !== keys) {
      runsHead.dataset.keys = keys;
      runsHead.replaceChildren(el('tr', {}, el('th', {}, ''), ...cols.map(c => {
        const th = el('th', {class: 'sortable', 'data-key': c.key}, c.label);
        th.addEventListener('click', () => {
          state.desc = state.sort === c.key ? !state.desc : false;
          state.sort = c.key;
          render();
        });
        return th;
      })));
    }
    runsHead.querySelectorAll('th.sortable').forEach(th => {
      th.classList.toggle('sorted-desc', th.dataset.key === state.sort && state.desc);
      th.classList.toggle('sorted-asc', th.dataset.key === state.sort && !state.desc);
    });
  }

  function render() {
    const cols = columns();
    renderHeader(cols);
    const rows = state.runs.filter(matches);
    if (state.sort) rows.sort((a, b) => {
      const x = value(a, state.sort), y = value(b, state.sort);
      const cmp = x === y ? 0 : x === undefined || x === null ? 1 : y === undefined || y === null ? -1
        : typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return state.desc ? -cmp : cmp;
    });
    runsBody.replaceChildren(...rows.map(r => {
      const box = el('input', {type: 'checkbox', checked: state.selected.has(r.run_id)});
      box.addEventListener('change', () => {
        box.checked ? state.selected.add(r.run_id) : state.selected.delete(r.run_id);
        compare.disabled = state.selected.size < 2;
      });
      return el('tr', {'data-run-id': r.run_id, 'data-status': r.status}, el('td', {}, box),
        ...cols.map(c => el('td', {class: c.num ? 'num' : ''}, c.cell(r))));
    }));
    compare.disabled = state.selected.size < 2;
  }

  /* Runs matching the search; with none (a malformed query) the table empties and the message says why. */
  async function searchRuns() {
    const params = new URLSearchParams();
    if (experiment) params.set('experiment', experiment);
    if (search.filter.value.trim()) params.set('filter', search.filter.value);
    if (search.orderBy.value.trim()) params.set('order_by', search.orderBy.value);
    try {
      const runs = await api('runs?' + params);
      searchError.textContent = '';
      return runs;
    } catch (e) {
      if (!params.has('filter') && !params.has('order_by')) throw e;
      searchError.textContent = e.message;
      return {runs: [], total: 0};
    }
  }

  async function load() {
    const [experiments, runs] = await Promise.all([api('experiments'), searchRuns()]);
    experimentsBody.replaceChildren(...experiments.map(e => el('tr', {},
      el('td', {}, e.experiment_id),
      el('td', {}, el('a', {href: '/?experiment=' + encodeURIComponent(e.experiment_id)}, e.name)),
      el('td', {class: 'num'}, e.runs))));
    state.runs = runs.runs;
    shownNote.textContent = runs.total > runs.runs.length
      ? 'showing the newest ' + runs.runs.length + ' of ' + runs.total + ' runs; pick an experiment to narrow' : '';
    render();
    return state.runs.some(isLive);
  }

  Autolog.keepFresh(load);
})();
