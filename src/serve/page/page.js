// The query page: an editor with line numbers, the README's examples, results as a table, downloads.
// Everything builds DOM nodes with textContent: query results are data, never markup.

const $ = (id) => document.getElementById(id);
const query = $('query');
const gutter = $('gutter');
let prefixes = {};

function renumber() {
  const lines = query.value.split('\n').length;
  gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
  gutter.scrollTop = query.scrollTop;
}

function compact(iri) {
  let best = '';
  let name = '';
  for (const [p, ns] of Object.entries(prefixes)) {
    if (ns.length > best.length && iri.startsWith(ns) && /^[\p{L}\p{N}_-]*$/u.test(iri.slice(ns.length))) {
      best = ns;
      name = p;
    }
  }
  return best === '' ? iri : `${name}:${iri.slice(best.length)}`;
}

function cell(term) {
  const td = document.createElement('td');
  if (term === undefined) return td;
  if (term.type === 'uri') {
    const text = compact(term.value);
    if (/^https?:\/\//i.test(term.value)) {
      const a = document.createElement('a');
      a.href = term.value;
      a.title = term.value;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = text;
      td.append(a);
    } else td.textContent = text;
  } else if (term.type === 'bnode') {
    td.textContent = `_:${term.value}`;
  } else {
    td.textContent = term.value;
    const meta = term['xml:lang']
      ? `@${term['xml:lang']}`
      : term.datatype && !term.datatype.endsWith('#string')
        ? compact(term.datatype)
        : '';
    if (meta !== '') {
      const span = document.createElement('span');
      span.className = 'lit-meta';
      span.textContent = meta;
      td.append(span);
    }
  }
  return td;
}

function table(json) {
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  const vars = json.head.vars ?? [];
  for (const v of vars) {
    const th = document.createElement('th');
    th.textContent = v;
    head.append(th);
  }
  const body = t.createTBody();
  for (const binding of json.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.append(cell(binding[v]));
  }
  return t;
}

function isGraphQuery(text) {
  const masked = text.replace(/#[^\n]*/g, '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^>\s]*>/g, '""');
  const m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(masked);
  return m !== null && /^(CONSTRUCT|DESCRIBE)$/i.test(m[1]);
}

function setDownloads(text) {
  const graph = isGraphQuery(text);
  for (const [id, format, name] of [
    ['csv', graph ? 'ntriples' : 'csv', graph ? 'results.nt' : 'results.csv'],
    ['json', graph ? 'jsonld' : 'json', graph ? 'results.jsonld' : 'results.json'],
  ]) {
    const a = $(id);
    a.href = `/sparql?query=${encodeURIComponent(text)}&format=${format}`;
    a.download = name;
    a.textContent =
      id === 'csv' ? (graph ? 'Download N-Triples' : 'Download CSV') : graph ? 'Download JSON-LD' : 'Download JSON';
    a.removeAttribute('aria-disabled');
  }
}

async function run() {
  const text = query.value;
  const status = $('status');
  const results = $('results');
  const button = $('run');
  button.disabled = true;
  status.className = '';
  status.textContent = 'Running…';
  const started = performance.now();
  const graph = isGraphQuery(text);
  try {
    const response = await fetch('/sparql', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: graph ? 'text/turtle' : 'application/sparql-results+json',
      },
      body: new URLSearchParams({ query: text }),
    });
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      status.className = 'error';
      status.textContent = `${response.status}: ${await response.text()}`;
      results.replaceChildren();
      return;
    }
    setDownloads(text);
    if (graph) {
      const pre = document.createElement('pre');
      pre.textContent = await response.text();
      results.replaceChildren(pre);
      status.textContent = `${ms} ms`;
    } else {
      const json = await response.json();
      if (typeof json.boolean === 'boolean') {
        const p = document.createElement('pre');
        p.textContent = String(json.boolean);
        results.replaceChildren(p);
        status.textContent = `${ms} ms`;
      } else {
        results.replaceChildren(table(json));
        const n = json.results.bindings.length;
        status.textContent = `${n} ${n === 1 ? 'row' : 'rows'} · ${ms} ms`;
      }
    }
  } catch (error) {
    status.className = 'error';
    status.textContent = String(error);
  } finally {
    button.disabled = false;
  }
}

async function init() {
  $('endpoint').textContent = new URL('/sparql', location.href).href;
  for (const a of [$('csv'), $('json')]) a.setAttribute('aria-disabled', 'true');
  query.addEventListener('input', renumber);
  query.addEventListener('scroll', () => (gutter.scrollTop = query.scrollTop));
  query.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  });
  $('run').addEventListener('click', () => void run());
  renumber();
  const [examples, known] = await Promise.all([
    fetch('/examples.json').then((r) => r.json()),
    fetch('/prefixes.json').then((r) => r.json()),
  ]);
  prefixes = known;
  const select = $('examples');
  examples.forEach((example, i) => {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = `${example.title}: ${example.query.split('\n')[0].slice(0, 70)}`;
    select.append(option);
  });
  select.addEventListener('change', () => {
    const example = examples[Number(select.value)];
    if (select.value === '' || example === undefined) return;
    query.value = example.query;
    renumber();
  });
  document.body.dataset.ready = 'true';
}

void init();
