// The local dashboard: the widgets of dashboards/serverless-orch.json drawn from the local run's metric store,
// the alarms' states, and an order's timeline. window.dashboardState tells a browser test what was drawn.
'use strict';

const RANGES = { '5m': 5 * 60e3, '15m': 15 * 60e3, '1h': 3600e3, '3h': 3 * 3600e3 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const params = new URLSearchParams(location.search);
const settings = {
  range: RANGES[params.get('range')] ? params.get('range') : '1h',
  period: params.get('period') || 'auto',
  refresh: params.get('refresh') || '10',
};
window.dashboardState = { ready: false, refreshes: 0, widgets: [], alarms: [] };

let dashboard;
let terminal = [];
let timer;
let orderTimer;
const charts = new Map();

function getJson(url) {
  return fetch(url, { cache: 'no-store' }).then(async (response) => {
    const body = await response.json();
    if (!response.ok) {
      throw new Error(`${url}: ${response.status} ${body.detail || ''}`);
    }
    return body;
  });
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function saveSettings() {
  const query = new URLSearchParams(settings);
  history.replaceState(null, '', `${location.pathname}?${query}`);
  document.querySelectorAll('#ranges button').forEach((b) => b.classList.toggle('active', b.dataset.range === settings.range));
  document.getElementById('period').value = settings.period;
  document.getElementById('refresh').value = settings.refresh;
  clearInterval(timer);
  if (Number(settings.refresh) > 0) timer = setInterval(refresh, Number(settings.refresh) * 1000);
}

function layout() {
  const grid = document.getElementById('grid');
  dashboard.widgets.forEach((widget, index) => {
    const box = element('div', { class: `widget ${widget.type}`, id: `widget-${index}`, 'data-type': widget.type });
    box.style.gridColumn = `${widget.x + 1} / span ${widget.width}`;
    box.style.gridRow = `${widget.y + 1} / span ${widget.height}`;
    if (widget.properties.title) box.appendChild(element('h3', { title: widget.properties.title }, widget.properties.title));
    box.appendChild(element('div', { class: 'body' }));
    grid.appendChild(box);
  });
}

function format(value) {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  if (Math.abs(value) >= 10000) return `${Number((value / 1000).toFixed(1))}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 10 ? 2 : 1);
}

function drawMetric(body, index, data, start, end) {
  const series = data.series.filter((line) => line.points.length > 0);
  charts.get(index)?.destroy();
  charts.delete(index);
  body.replaceChildren();
  if (series.length === 0) {
    body.appendChild(element('div', { class: 'nodata' }, 'No data available.'));
    return false;
  }
  const times = [...new Set(series.flatMap((line) => line.points.map((p) => p[0])))].sort((a, b) => a - b);
  const columns = series.map((line) => {
    const byTime = new Map(line.points.map((p) => [p[0], p[1]]));
    return times.map((t) => (byTime.has(t) ? byTime.get(t) : null));
  });
  const chart = new uPlot({
    width: Math.max(200, body.clientWidth),
    height: Math.max(80, body.clientHeight - 16 * Math.ceil(series.length / 4) - 4),
    legend: { live: false },
    cursor: { points: { size: 6 } },
    scales: { x: { time: true, range: [start / 1000, end / 1000] } },
    axes: [{ size: 30, font: '11px system-ui' }, { size: 46, font: '11px system-ui', values: (u, ticks) => ticks.map(format) }],
    series: [{}].concat(series.map((line, i) => ({
      label: line.label || '(no label)',
      stroke: COLORS[i % COLORS.length],
      width: 1.5,
      points: { show: true, size: 5, fill: COLORS[i % COLORS.length] },
      value: (u, v) => format(v),
    }))),
  }, [times.map((t) => t / 1000)].concat(columns), body);
  charts.set(index, chart);
  return true;
}

function drawTable(body, columns, rows) {
  body.replaceChildren();
  if (rows.length === 0) {
    body.appendChild(element('div', { class: 'nodata' }, 'No data available.'));
    return false;
  }
  const table = element('table');
  const head = table.appendChild(element('tr'));
  columns.forEach((column) => head.appendChild(element('th', {}, column)));
  rows.forEach((row) => {
    const line = table.appendChild(element('tr'));
    row.forEach((cell) => line.appendChild(element('td', typeof cell === 'number' ? { class: 'number' } : {}, format(cell))));
  });
  body.appendChild(table);
  return true;
}

async function refresh() {
  const end = Date.now();
  const start = end - RANGES[settings.range];
  const period = settings.period === 'auto' ? '' : `&period=${settings.period}`;
  try {
    const [widgets, alarms] = await Promise.all([
      getJson(`/dashboard/api/widgets?start=${start}&end=${end}${period}`),
      getJson('/dashboard/api/alarms'),
    ]);
    const drawn = widgets.map((data) => {
      const box = document.getElementById(`widget-${data.index}`);
      const body = box.querySelector('.body');
      const title = dashboard.widgets[data.index].properties.title || 'text';
      if (data.error) {
        body.replaceChildren(element('div', { class: 'error' }, data.error));
        console.error(`Widget "${title}": ${data.error}`);
        return { title, type: data.type, hasData: false, error: data.error };
      }
      let hasData;
      if (data.type === 'metric') hasData = drawMetric(body, data.index, data, start, end);
      else if (data.type === 'log') hasData = drawTable(body, data.columns, data.rows);
      else {
        body.innerHTML = marked.parse(data.markdown);
        hasData = data.markdown.length > 0;
      }
      return { title, type: data.type, hasData, lines: data.series ? data.series.length : undefined };
    });
    drawAlarms(alarms);
    document.getElementById('updated').textContent = `updated ${new Date(end).toLocaleTimeString()}`;
    window.dashboardState = { ready: true, refreshes: window.dashboardState.refreshes + 1, widgets: drawn,
      alarms: alarms.map((a) => ({ name: a.name, state: a.state })) };
  } catch (error) {
    console.error(`The dashboard could not refresh: ${error.message}`);
  }
}

function drawAlarms(alarms) {
  const list = document.getElementById('alarm-list');
  list.replaceChildren();
  const order = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
  [...alarms].sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name)).forEach((alarm) => {
    const chip = element('span', { class: `alarm ${alarm.state}`, title: `${alarm.description}\n${alarm.metric} ${alarm.comparison} ${alarm.threshold} in ${alarm.evaluation}\n${alarm.reason}\nsince ${alarm.since}` });
    chip.appendChild(element('span', { class: 'dot' }));
    chip.appendChild(document.createTextNode(`${alarm.name} ${alarm.state}`));
    list.appendChild(chip);
  });
  const firing = alarms.filter((a) => a.state === 'ALARM').length;
  document.getElementById('alarm-summary').textContent = `(${firing} in ALARM, ${alarms.length} in all)`;
}

async function showOrder(orderId) {
  clearTimeout(orderTimer);
  const box = document.getElementById('order');
  const response = await fetch(`/orders/${encodeURIComponent(orderId)}`, { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    box.replaceChildren(element('div', { class: 'error' }, body.detail || `The order could not be read (${response.status})`));
    return;
  }
  const table = element('table');
  const head = table.appendChild(element('tr'));
  ['status', 'at', 'reason'].forEach((column) => head.appendChild(element('th', {}, column)));
  (body.history || []).forEach((entry) => {
    const line = table.appendChild(element('tr'));
    [entry.status, entry.at, entry.reason].forEach((cell) => line.appendChild(element('td', {}, format(cell))));
  });
  const done = terminal.includes(body.status);
  box.replaceChildren(element('div', {}, `${body.order_id}: ${body.status}${done ? '' : ' (moving; updates every second)'}`), table);
  if (!done) orderTimer = setTimeout(() => showOrder(orderId), 1000);
}

async function start() {
  const page = await getJson('/dashboard/api/dashboard');
  dashboard = page;
  terminal = page.terminalStatuses || [];
  layout();
  document.querySelectorAll('#ranges button').forEach((button) => button.addEventListener('click', () => {
    settings.range = button.dataset.range;
    saveSettings();
    refresh();
  }));
  document.getElementById('period').addEventListener('change', (e) => { settings.period = e.target.value; saveSettings(); refresh(); });
  document.getElementById('refresh').addEventListener('change', (e) => { settings.refresh = e.target.value; saveSettings(); });
  document.getElementById('reload').addEventListener('click', refresh);
  document.getElementById('order-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const orderId = document.getElementById('order-id').value.trim();
    if (orderId) showOrder(orderId);
  });
  saveSettings();
  await refresh();
  if (params.get('order')) {
    document.getElementById('order-id').value = params.get('order');
    showOrder(params.get('order'));
  }
}

start().catch((error) => console.error(`The dashboard could not start: ${error.message}`));
