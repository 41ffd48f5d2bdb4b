'use strict';
/*
 * Experiments and runs: MLflow's search run on the server, the columns the user picks (as runs list --columns names
 * them), paged; above the table a parallel-coordinates or scatter view of the filtered runs, whose brushes filter
 * the table. The address holds the whole view, so a reload, a shared link and back/forward restore it.
 */
(() => {
  const {el, api, number, time, duration, status, isLive, runLink} = Autolog;
  const SIZES = [10, 25, 50, 100, 500, 1000];
  const DEFAULT_SIZE = 50;
  const PLOTTED = 10000;
  const ALIASES = {metric: 'metrics', param: 'params', parameter: 'params', parameters: 'params', tag: 'tags',
    attribute: 'attributes', attr: 'attributes', run: 'attributes'};
  const FIXED = [
    {name: 'attributes.run_name', label: 'name', cell: r => runLink(r)},
    {name: null, label: 'experiment', cell: r => r.experiment_name},
    {name: 'attributes.status', label: 'status', cell: r => status(r)},
    {name: 'attributes.start_time', label: 'start', cell: r => time(r.start_time)},
    {name: null, label: 'duration', cell: r => duration(r.duration_ms)},
    {name: 'tags.mlflow.autologging', label: 'framework', cell: r => r.framework}
  ];

  /* Column specs are written as runs list --columns takes them; a key with a comma, space or quote is quoted. */
  function spec(prefix, key) {
    if (prefix === 'attributes') return 'attributes.' + key;
    return prefix + '.' + (/[,\s`"']/.test(key) || key === '' ? quoted(key) : key);
  }

  function quoted(key) {
    return key.includes('`') ? '"' + key + '"' : '`' + key + '`';
  }

  function unquote(key) {
    const q = key.charAt(0);
    return key.length >= 2 && '`"\''.includes(q) && key.endsWith(q) ? key.slice(1, -1) : key;
  }

  /** The field a spec names, as the server names it: prefix (canonical) and key. */
  function field(text) {
    const s = text.trim();
    const dot = s.indexOf('.');
    if (dot < 0) return {prefix: 'attributes', key: s};
    const prefix = s.slice(0, dot);
    return {prefix: ALIASES[prefix] || prefix, key: unquote(s.slice(dot + 1))};
  }

  const nameOf = s => { const f = field(s); return f.prefix + '.' + f.key; };
  const specOf = name => { const f = field(name); return spec(f.prefix, f.key); };

  /** Splits on commas outside a quoted key, as the server does. */
  function splitColumns(text) {
    const items = [];
    let quote = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const keyStart = text[Math.max(0, i - 1)] === '.' || text.slice(from, i).trim() === '';
      if (!quote && keyStart && '`"\''.includes(c)) quote = c;
      else if (c === quote) quote = '';
      else if (!quote && c === ',') { items.push(text.slice(from, i)); from = i + 1; }
    }
    items.push(text.slice(from));
    return items.map(s => s.trim()).filter(s => s);
  }

  /* Brushes travel as the API takes them: <column>:r:<low>:<high>... or <column>:c:<value>..., parts URI-encoded. */
  function writeBrushes(brushes) {
    return [...brushes].map(([name, b]) => encodeURIComponent(specOf(name)) + (b.ranges
      ? ':r:' + b.ranges.flat().map(String).join(':') : ':c:' + b.categories.map(encodeURIComponent).join(':')))
      .join(',');
  }

  function readBrushes(text) {
    const out = new Map();
    for (const item of text ? text.split(',') : []) {
      const parts = item.split(':');
      try {
        const name = nameOf(decodeURIComponent(parts[0]));
        const rest = parts.slice(2);
        if (parts[1] === 'r' && rest.length % 2 === 0 && rest.every(v => AutologViews.NUMBER.test(v))) {
          const ranges = [];
          for (let i = 0; i < rest.length; i += 2) ranges.push([Number(rest[i]), Number(rest[i + 1])]);
          out.set(name, {ranges});
        } else if (parts[1] === 'c') {
          out.set(name, {categories: rest.map(decodeURIComponent)});
        }
      } catch (e) {
        // a malformed brush in a hand-edited address is left out
      }
    }
    return out;
  }

  function readState() {
    const q = new URLSearchParams(location.search);
    const size = Number(q.get('size'));
    return {
      experiment: q.get('experiment') || '',
      filter: q.get('filter') || '',
      orderBy: q.get('order_by') || '',
      columns: q.has('columns') ? splitColumns(q.get('columns')) : null,
      best: q.get('best') === '1',
      page: Math.max(1, parseInt(q.get('page'), 10) || 1),
      size: SIZES.includes(size) ? size : DEFAULT_SIZE,
      view: ['parallel', 'scatter'].includes(q.get('view')) ? q.get('view') : '',
      axes: q.has('axes') ? splitColumns(q.get('axes')) : null,
      metric: q.get('metric') || '',
      x: q.get('x') || '',
      y: q.get('y') || '',
      brushes: readBrushes(q.get('brush') || ''),
      selected: new Set((q.get('selected') || '').split(',').filter(s => s))
    };
  }

  function writeState(push) {
    const q = new URLSearchParams();
    const put = (k, v) => { if (v !== '' && v !== null && v !== undefined) q.set(k, v); };
    put('experiment', state.experiment);
    put('filter', state.filter);
    put('order_by', state.orderBy);
    if (state.columns !== null) q.set('columns', state.columns.join(','));
    if (state.best) q.set('best', '1');
    if (state.page > 1) q.set('page', state.page);
    if (state.size !== DEFAULT_SIZE) q.set('size', state.size);
    put('view', state.view);
    if (state.axes !== null) q.set('axes', state.axes.join(','));
    put('metric', state.metric);
    put('x', state.x);
    put('y', state.y);
    put('brush', writeBrushes(state.brushes));
    put('selected', [...state.selected].join(','));
    const search = q.toString() ? '?' + q : location.pathname;
    if (search !== location.search) history[push ? 'pushState' : 'replaceState'](null, '', search);
  }

  let state = readState();
  let keys = {params: [], metrics: [], tags: [], attributes: [], truncated: false};
  let keysFor = null;
  let drawnFor = null;
  let generation = 0;

  const main = document.getElementById('main');
  const experimentsBody = el('tbody', {id: 'experiments'});
  const search = {
    filter: el('input', {id: 'search-filter', size: 60,
      placeholder: "filter, e.g. metrics.`test-auc` > 0.9 and params.max_depth = '6'"}),
    orderBy: el('input', {id: 'search-order-by', size: 30, placeholder: 'order by, e.g. metrics.`test-auc` DESC'})
  };
  const searchError = el('div', {class: 'error', id: 'search-error'});
  const compare = el('button', {id: 'compare', disabled: true}, 'Compare selected');
  const picker = el('details', {id: 'column-picker'});
  const viewSelect = el('select', {id: 'view'}, el('option', {value: ''}, 'table only'),
    el('option', {value: 'parallel'}, 'parallel coordinates'), el('option', {value: 'scatter'}, 'scatter'));
  const viewControls = el('div', {class: 'filters', id: 'view-controls'});
  const viewNote = el('p', {class: 'meta', id: 'view-note'});
  const viewChart = el('div', {id: 'view-chart', class: 'view-chart'});
  const brushList = el('div', {class: 'filters', id: 'brushes'});
  const pager = el('div', {class: 'filters pager', id: 'pager'});
  const runsHead = el('thead', {});
  const runsBody = el('tbody', {id: 'runs'});

  main.append(
    el('h1', {}, 'Experiments'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'id'), el('th', {}, 'name'), el('th', {}, 'runs'))),
      experimentsBody),
    el('h1', {}, state.experiment ? 'Runs of experiment ' + state.experiment : 'Runs'),
    el('div', {class: 'filters'}, search.filter, search.orderBy), searchError,
    el('div', {class: 'filters'}, picker, el('label', {}, 'view ', viewSelect), compare),
    viewControls, viewNote, viewChart, brushList, pager, el('table', {id: 'runs-table'}, runsHead, runsBody));

  /** Applies a change the user made: the address follows (a new history entry), then the page. */
  function change(edit, keepPage) {
    edit(state);
    if (!keepPage) state.page = 1;
    writeState(true);
    update().catch(Autolog.showError);
  }

  Object.entries(search).forEach(([k, input]) => input.addEventListener('change', () =>
    change(s => { s[k] = input.value.trim(); })));
  viewSelect.addEventListener('change', () => change(s => { s.view = viewSelect.value; }, true));
  compare.addEventListener('click', () => {
    location.href = '/compare?ids=' + [...state.selected].map(encodeURIComponent).join(',');
  });
  window.addEventListener('popstate', () => {
    state = readState();
    update().catch(Autolog.showError);
  });

  function scope() {
    const p = new URLSearchParams();
    if (state.experiment) p.set('experiment', state.experiment);
    if (state.filter) p.set('filter', state.filter);
    return p;
  }

  function columns() {
    return state.columns !== null ? state.columns : keys.metrics.slice(0, 6).map(k => spec('metrics', k));
  }

  /* ---- the column picker: every key of the filtered runs, each a checkbox; names are text ---- */
  function renderPicker() {
    const pickerKey = JSON.stringify([keys, columns(), state.best]);
    if (picker.dataset.key === pickerKey) return; // unchanged: its boxes stay the ones a user may be clicking
    picker.dataset.key = pickerKey;
    const chosen = new Set(columns());
    const group = (prefix, list) => el('fieldset', {}, el('legend', {}, prefix),
      ...(list.length ? list.map(k => {
        const s = spec(prefix, k);
        const box = el('input', {type: 'checkbox', checked: chosen.has(s), 'data-column': s});
        box.addEventListener('change', () => change(st => {
          const now = columns().filter(c => c !== s);
          st.columns = box.checked ? now.concat([s]) : now;
        }, true));
        return el('label', {class: 'pick'}, box, k);
      }) : [el('span', {class: 'meta'}, 'none')]));
    const best = el('input', {type: 'checkbox', id: 'show-best', checked: state.best});
    best.addEventListener('change', () => change(st => { st.best = best.checked; }, true));
    picker.replaceChildren(el('summary', {}, 'Columns (' + columns().length + ')'),
      el('label', {}, best, " each metric column's best value too (highest or lowest by its name)"),
      el('div', {class: 'picker-groups'}, group('params', keys.params), group('metrics', keys.metrics),
        group('tags', keys.tags), group('attributes', keys.attributes)),
      ...(keys.truncated ? [el('p', {class: 'meta'}, 'keys of the first ' + keys.runs_read
        + ' runs, at most 500 of each kind')] : []));
    picker.open = picker.dataset.open === '1';
  }
  picker.addEventListener('toggle', () => {
    picker.dataset.open = picker.open ? '1' : '';
    if (picker.open) { // keys of runs logged since are offered too
      keysFor = null;
      update().catch(Autolog.showError);
    }
  });

  /* ---- the table ---- */
  function orderOf(name) {
    const f = field(name);
    const text = f.prefix === 'attributes' ? name : f.prefix + '.' + quoted(f.key);
    const m = /^(.*?)\s+(ASC|DESC)$/i.exec(state.orderBy.trim());
    const current = m ? m[1] : state.orderBy.trim();
    const desc = m ? m[2].toUpperCase() === 'DESC' : false;
    const same = current !== '' && nameOfOrder(current) === name;
    return {same, desc, next: text + (same && !desc ? ' DESC' : ' ASC')};
  }

  function nameOfOrder(text) {
    return text.includes(',') ? null : nameOf(text);
  }

  function header(label, name, sortable) {
    const th = el('th', {'data-key': name || label}, label);
    if (sortable && name) {
      const o = orderOf(name);
      th.className = 'sortable' + (o.same ? o.desc ? ' sorted-desc' : ' sorted-asc' : '');
      th.addEventListener('click', () => change(s => { s.orderBy = orderOf(name).next; }));
    }
    return th;
  }

  function renderTable(answer) {
    const picked = answer.columns.map((name, i) => ({name, spec: columns()[i]}));
    const cells = [];
    const heads = [el('th', {}, '')];
    FIXED.forEach(c => { heads.push(header(c.label, c.name, true)); cells.push(c.cell); });
    picked.forEach(c => {
      heads.push(header(c.name, c.name, true));
      const isTime = c.name === 'attributes.start_time' || c.name === 'attributes.end_time';
      cells.push(r => isTime ? time(r.values[c.name]) : number(r.values[c.name]));
      if (state.best && c.name.startsWith('metrics.')) {
        heads.push(el('th', {'data-key': 'best:' + c.name}, c.name + ' (best)'));
        cells.push(r => number(r.best[c.name]));
      }
    });
    /* rebuilt only when it changes, so that a click on it is never lost to a refresh */
    const headKey = JSON.stringify(heads.map(h => [h.dataset.key, h.className]));
    if (runsHead.dataset.key !== headKey) {
      runsHead.dataset.key = headKey;
      runsHead.replaceChildren(el('tr', {}, ...heads));
    }
    runsBody.replaceChildren(...answer.runs.map(r => {
      const box = el('input', {type: 'checkbox', checked: state.selected.has(r.run_id)});
      box.addEventListener('change', () => change(s => {
        box.checked ? s.selected.add(r.run_id) : s.selected.delete(r.run_id);
      }, true));
      return el('tr', {'data-run-id': r.run_id, 'data-status': r.status}, el('td', {}, box),
        ...cells.map(c => el('td', {class: 'num'}, c(r))));
    }));
    compare.disabled = state.selected.size < 2;
    renderPager(answer);
  }

  function renderPager(answer) {
    const pages = Math.max(1, Math.ceil(answer.total / state.size));
    const prev = el('button', {id: 'page-prev', disabled: state.page <= 1}, '‹ previous');
    const next = el('button', {id: 'page-next', disabled: state.page >= pages}, 'next ›');
    prev.addEventListener('click', () => change(s => { s.page -= 1; }, true));
    next.addEventListener('click', () => change(s => { s.page += 1; }, true));
    const size = el('select', {id: 'page-size'}, ...SIZES.map(n => el('option', {value: n, selected: n === state.size},
      n + ' a page')));
    size.addEventListener('change', () => change(s => { s.size = Number(size.value); }));
    const first = answer.total === 0 ? 0 : answer.offset + 1;
    pager.replaceChildren(prev, el('span', {id: 'page-info'}, 'page ' + state.page + ' of ' + pages + ' · runs '
      + first + '–' + (answer.offset + answer.runs.length) + ' of ' + answer.total), next, size);
  }

  function renderBrushes() {
    const chips = [...state.brushes].map(([name, b]) => {
      const clear = el('button', {class: 'chip-clear', title: 'remove this brush'}, '×');
      clear.addEventListener('click', () => change(s => { s.brushes.delete(name); }));
      const what = b.ranges ? b.ranges.map(r => '[' + number(r[0]) + ', ' + number(r[1]) + ']').join(' or ')
        : b.categories.join(', ');
      return el('span', {class: 'chip', 'data-brush': name}, name + ' in ' + what + ' ', clear);
    });
    brushList.replaceChildren(...(chips.length ? [el('span', {class: 'meta'}, 'brushed:'), ...chips] : []));
  }

  /* ---- the views ---- */
  function viewSelectOf(id, options, value, onChange) {
    const select = el('select', {id}, ...options.map(([v, text]) => el('option', {value: v, selected: v === value},
      text)));
    select.addEventListener('change', () => change(s => onChange(s, select.value), true));
    return select;
  }

  const metricOptions = () => keys.metrics.map(k => [spec('metrics', k), 'metrics.' + k]);
  const paramOptions = () => keys.params.map(k => [spec('params', k), 'params.' + k]);

  function viewColumns() {
    const metric = state.metric || metricOptions().map(o => o[0])[0] || '';
    if (state.view === 'parallel') {
      const axes = state.axes !== null ? state.axes : keys.params.slice(0, 12).map(k => spec('params', k));
      return {axes, metric, columns: axes.concat(metric ? [metric] : [])};
    }
    const x = state.x || paramOptions().map(o => o[0])[0] || metric;
    const y = state.y || metric;
    return {x, y, columns: x && y ? [x, y] : []};
  }

  function renderViewControls(v) {
    if (state.view === 'parallel') {
      const chosen = new Set(v.axes);
      const axes = el('details', {id: 'view-axes'}, el('summary', {}, 'Axes (' + v.axes.length + ' params)'),
        ...keys.params.map(k => {
          const s = spec('params', k);
          const box = el('input', {type: 'checkbox', checked: chosen.has(s), 'data-axis': s});
          box.addEventListener('change', () => change(st => {
            const now = v.axes.filter(a => a !== s);
            st.axes = box.checked ? now.concat([s]) : now;
          }, true));
          return el('label', {class: 'pick'}, box, k);
        }));
      viewControls.replaceChildren(axes, el('label', {}, 'metric ', viewSelectOf('view-metric', metricOptions(),
        v.metric, (s, value) => { s.metric = value; })));
    } else if (state.view === 'scatter') {
      viewControls.replaceChildren(
        el('label', {}, 'x ', viewSelectOf('view-x', paramOptions().concat(metricOptions()), v.x,
          (s, value) => { s.x = value; })),
        el('label', {}, 'y ', viewSelectOf('view-y', metricOptions(), v.y, (s, value) => { s.y = value; })));
    } else {
      viewControls.replaceChildren();
    }
  }

  async function drawView(v, mine) {
    const p = scope();
    if (state.orderBy) p.set('order_by', state.orderBy);
    p.set('columns', v.columns.join(','));
    p.set('limit', PLOTTED);
    if (state.view === 'scatter' && state.brushes.size) p.set('brush', writeBrushes(state.brushes));
    let data = await api('values?' + p);
    await Autolog.script('/static/echarts.js'); // a megabyte of script: loaded when a view is first shown
    if (mine !== generation) return;
    if (state.view === 'parallel' && state.axes === null) data = wellCovered(data);
    const drawn = state.view === 'parallel'
      ? AutologViews.parallel(viewChart, data, state.brushes, (name, brush) => {
        const edit = s => { if (brush) s.brushes.set(name, brush); else s.brushes.delete(name); };
        edit(state);
        state.page = 1;
        writeState(true);
        drawnFor = viewKey(v);
        update().catch(Autolog.showError);
      })
      : AutologViews.scatter(viewChart, data, id => { location.href = '/run?id=' + encodeURIComponent(id); });
    viewChart.setAttribute('data-drawn', String(drawn));
    const notes = [];
    if (data.total > data.runs.length) {
      notes.push('drawing the first ' + data.runs.length + ' of ' + data.total + ' runs (in the table\'s order)');
    }
    if (drawn < data.runs.length) notes.push((data.runs.length - drawn) + ' runs lack a value here and are not drawn');
    notes.push(state.view === 'parallel' ? 'drag along an axis to brush it (the table keeps the runs inside every'
      + ' brush); click a brush off the axis to clear it' : 'hover a point to name its run, click it to open the run');
    viewNote.textContent = notes.join('; ');
  }

  /** The default axes leave out params that half the runs or more lack (the metric stays). */
  function wellCovered(data) {
    const last = data.columns.length - 1;
    const keep = data.columns.map((c, i) => i).filter(i => i === last
      || 2 * data.runs.filter(r => r.values[i] !== null).length >= data.runs.length);
    return {total: data.total, columns: keep.map(i => data.columns[i]),
      runs: data.runs.map(r => ({run_id: r.run_id, run_name: r.run_name, values: keep.map(i => r.values[i])}))};
  }

  function viewKey(v) {
    return JSON.stringify([state.experiment, state.filter, state.orderBy, state.view, v.columns,
      writeBrushes(state.brushes)]);
  }

  /* ---- loading ---- */
  async function update() {
    const mine = ++generation;
    search.filter.value = state.filter;
    search.orderBy.value = state.orderBy;
    viewSelect.value = state.view;
    const scopeKey = scope().toString();
    const keysLoaded = keysFor === scopeKey ? null : api('keys' + (scopeKey ? '?' + scopeKey : '')).then(k => {
      keys = k;
      keysFor = scopeKey;
    }, () => {
      keys = {params: [], metrics: [], tags: [], attributes: [], truncated: false};
    });
    if (keysLoaded && state.columns === null) { // the default columns are the first metrics' keys
      await keysLoaded;
      if (mine !== generation) return false;
    }
    renderBrushes();
    const running = await loadTable(mine);
    if (mine !== generation) return running;
    if (keysLoaded) await keysLoaded;
    if (mine !== generation) return running;
    renderPicker();
    const v = viewColumns();
    renderViewControls(v);
    viewChart.hidden = !state.view;
    viewNote.hidden = !state.view;
    if (!state.view) {
      drawnFor = null;
      const old = window.echarts && echarts.getInstanceByDom(viewChart);
      if (old) old.dispose();
    } else if (drawnFor !== viewKey(v) && v.columns.length) {
      drawnFor = viewKey(v);
      await drawView(v, mine);
    }
    return running;
  }

  /* Runs matching the search; with none (a malformed query) the table empties and the message says why. */
  async function loadTable(mine) {
    const p = scope();
    if (state.orderBy) p.set('order_by', state.orderBy);
    const cols = columns();
    if (cols.length) p.set('columns', cols.join(','));
    if (state.brushes.size) p.set('brush', writeBrushes(state.brushes));
    p.set('offset', (state.page - 1) * state.size);
    p.set('limit', state.size);
    let answer;
    let problem = '';
    const [experiments] = await Promise.all([api('experiments'), (async () => {
      try {
        answer = await api('runs?' + p);
      } catch (e) {
        if (!state.filter && !state.orderBy && state.columns === null && !state.brushes.size) throw e;
        problem = e.message;
        answer = {runs: [], total: 0, offset: 0, columns: []};
      }
    })()]);
    if (mine !== generation) return false; // a newer update shows its own answer
    searchError.textContent = problem;
    experimentsBody.replaceChildren(...experiments.map(e => el('tr', {},
      el('td', {}, e.experiment_id),
      el('td', {}, el('a', {href: '/?experiment=' + encodeURIComponent(e.experiment_id)}, e.name)),
      el('td', {class: 'num'}, e.runs))));
    renderTable(answer);
    return answer.runs.some(isLive);
  }

  Autolog.keepFresh(update);
})();
