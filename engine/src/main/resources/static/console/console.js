// Batchworks console: plain JavaScript over the engine's public JSON API (the same calls, tokens and permissions as
// any client). Pages are chosen by the URL's hash; live task progress comes from the task_events stream.
'use strict';

const state = {
  token: sessionStorage.getItem('bw-token'),
  account: sessionStorage.getItem('bw-account'),
  superAdmin: sessionStorage.getItem('bw-super') === 'true',
  stream: null,
  onTasks: null,
};

const $ = (selector, root = document) => root.querySelector(selector);

/** An element with attributes and children (strings become text, never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) el.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c)));
  if (tag === 'table') label(el);
  return el;
}

// Each cell of a table's body gets its column's name (data-label), which a narrow screen shows beside the cell when
// the rows are laid out as cards (console.css); cells that name their column already keep theirs.
function label(table) {
  const names = [...table.querySelectorAll('thead th')].map(th => th.textContent);
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => { if (!cell.hasAttribute('data-label') && names[i]) cell.setAttribute('data-label', names[i]); });
  }
}

function show(text, kind = 'error') {
  const box = $('#message');
  box.textContent = text;
  box.className = kind === 'info' ? 'info' : '';
  box.hidden = false;
}

function clearMessage() {
  $('#message').hidden = true;
}

/** Why a reply failed, from the engine's envelope (Kazoo's, or a plugin's own). */
function reason(status, body) {
  if (body && typeof body === 'object') {
    const data = body.data && typeof body.data === 'object' ? body.data : {};
    const details = Object.entries(data).filter(([k]) => k !== 'message')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
    const message = body.message || data.message || (body.error && body.error.message) || `HTTP ${status}`;
    return `${message} (${status})${details ? ' — ' + details : ''}`;
  }
  return `HTTP ${status}`;
}

async function api(method, path, body, headers = {}) {
  const init = { method, headers: { 'X-Auth-Token': state.token, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) init.headers['Content-Type'] = 'application/json';
  }
  let reply;
  try {
    reply = await fetch(path, init);
  } catch (e) {
    throw new Error('The engine could not be reached: ' + e.message);
  }
  const text = await reply.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!reply.ok) {
    if (reply.status === 401 && path !== '/v2/token_auth') signOut('Your session ended: the token was not accepted (401). Sign in again.');
    throw new Error(reason(reply.status, json));
  }
  return json;
}

// --- sign in and out ---------------------------------------------------------------------------------------------

async function signIn(token) {
  state.token = token;
  try {
    const me = (await api('GET', '/v2/token_auth')).data;
    state.account = me.account_id;
    state.superAdmin = !!me.superduper_admin;
    sessionStorage.setItem('bw-token', token);
    sessionStorage.setItem('bw-account', state.account);
    sessionStorage.setItem('bw-super', String(state.superAdmin));
    clearMessage();
    route();
  } catch (e) {
    state.token = null;
    show('Sign-in failed: ' + e.message);
  }
}

function signOut(message) {
  sessionStorage.clear();
  state.token = state.account = null;
  stopStream();
  if (message) show(message);
  location.hash = '#/dashboard';
  route();
}

// --- live task events (Server-Sent Events read through fetch, so the token goes in a header) ----------------------

function startStream(account) {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  const connect = async (delay) => {
    if (controller.signal.aborted) return;
    try {
      const reply = await fetch(`/v2/accounts/${encodeURIComponent(account)}/task_events`,
        { headers: { 'X-Auth-Token': state.token, Accept: 'text/event-stream' }, signal: controller.signal });
      if (!reply.ok) throw new Error('HTTP ' + reply.status);
      const reader = reply.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      delay = 1000;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5)).join('\n');
          if (data && state.onTasks) state.onTasks(JSON.parse(data));
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
    }
    setTimeout(() => connect(Math.min(delay * 2, 15000)), delay);  // reconnect, backing off
  };
  connect(1000);
}

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  state.onTasks = null;
}

// --- shared views ------------------------------------------------------------------------------------------------

function statusBadge(status) {
  return h('span', { class: 'status ' + status, 'data-status': status }, status);
}

function progress(task) {
  const done = (task.success_count || 0) + (task.failure_count || 0);
  const total = task.total_count;
  const pct = total ? Math.min(100, Math.round(done * 100 / total)) : (task.status === 'executing' ? 0 : 100);
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 },
    h('span', { style: `width:${pct}%` }));
  return { bar, pct, done, total };
}

function duration(seconds) {
  if (seconds === undefined || seconds === null) return '';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor(seconds % 3600 / 60)} min`;
}

function gregorianToDate(g) {
  return g ? new Date((g - 62167219200) * 1000) : null;
}

function when(g) {
  const d = gregorianToDate(g);
  return d ? d.toLocaleString() : '';
}

async function download(taskId, csv) {
  try {
    const reply = await fetch(`/v2/tasks/${taskId}?csv_name=${csv}`, { headers: { 'X-Auth-Token': state.token, Accept: 'text/csv' } });
    if (!reply.ok) throw new Error(reason(reply.status, await reply.json().catch(() => null)));
    const url = URL.createObjectURL(await reply.blob());
    const a = h('a', { href: url, download: `${taskId}_${csv}`, id: 'download-link' });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 60000);
  } catch (e) {
    show('Download failed: ' + e.message);
  }
}

// --- pages -------------------------------------------------------------------------------------------------------

const pages = {};

pages.tasks = async (page, params) => {
  const filters = {
    account: params.get('account') || state.account, category: params.get('category') || '',
    action: params.get('action') || '', status: params.get('status') || '',
  };
  const form = h('form', { class: 'filters card', id: 'filters' },
    h('label', {}, 'Account', h('input', { name: 'account', value: filters.account })),
    h('label', {}, 'Category', h('input', { name: 'category', value: filters.category, placeholder: 'any' })),
    h('label', {}, 'Action', h('input', { name: 'action', value: filters.action, placeholder: 'any' })),
    h('label', {}, 'Status', h('select', { name: 'status' }, ['', 'pending', 'executing', 'success', 'partial', 'failure', 'stopped', 'internal_error']
      .map(s => h('option', { value: s, selected: s === filters.status }, s || 'any')))),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = '#/tasks?' + q;
  });
  const body = h('tbody');
  const table = h('table', { class: 'tasks', id: 'tasks' }, h('thead', {}, h('tr', {},
    ['Created', 'Type', 'Status', 'Progress', 'Rows', 'Rows/s', 'ETA'].map(c => h('th', {}, c)))), body);
  const pager = h('div', { class: 'pager' });
  page.append(h('h1', {}, 'Tasks'), form, table, pager);

  const row = (t) => {
    const p = progress(t);
    return h('tr', { 'data-id': t.id, onclick: () => { location.hash = '#/task/' + t.id; }, style: 'cursor:pointer' },
      h('td', { 'data-label': 'Created' }, when(t.created)),
      h('td', { 'data-label': 'Type' }, `${t.category}/${t.action}`),
      h('td', { 'data-label': 'Status' }, statusBadge(t.status)),
      h('td', { 'data-label': 'Progress' }, p.bar),
      h('td', { class: 'num', 'data-label': 'Rows' }, `${p.done.toLocaleString()}${p.total ? ' of ' + p.total.toLocaleString() : ''}`
        + (t.failure_count ? ` (${t.failure_count.toLocaleString()} failed)` : '')),
      h('td', { class: 'num', 'data-label': 'Rows/s' }, t.rows_per_second === undefined ? '' : t.rows_per_second.toLocaleString()),
      h('td', { class: 'num eta', 'data-label': 'ETA' }, duration(t.eta_seconds)));
  };
  const matches = (t) => (!filters.category || t.category === filters.category) && (!filters.action || t.action === filters.action)
    && (!filters.status || t.status === filters.status);

  const q = new URLSearchParams({ page_size: '25' });
  for (const k of ['category', 'action', 'status']) if (filters[k]) q.set(k, filters[k]);
  if (params.get('start_key')) q.set('start_key', params.get('start_key'));
  const reply = await api('GET', `/v2/accounts/${encodeURIComponent(filters.account)}/tasks?${q}`);
  if (!reply.data.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No tasks.')));
  reply.data.forEach(t => body.append(row(t)));
  if (reply.next_start_key) {
    const next = new URLSearchParams(params);
    next.set('start_key', reply.next_start_key);
    pager.append(h('span'), h('a', { href: '#/tasks?' + next }, 'Older tasks →'));
  }
  startStream(filters.account);
  state.onTasks = (changed) => changed.forEach(t => {
    const old = body.querySelector(`tr[data-id="${t.id}"]`);
    if (old) old.replaceWith(row(t));
    else if (!params.get('start_key') && matches(t)) body.prepend(row(t));
  });
};

pages.task = async (page, params, id) => {
  const [task, runs] = await Promise.all([api('GET', `/v2/tasks/${id}`), api('GET', `/v2/tasks/${id}/runs`)]);
  const info = h('div', { class: 'card', id: 'task-info' });
  const buttons = h('div', { class: 'actions' });
  const runsBox = h('div', { id: 'runs' });
  const told = h('div', { id: 'webhooks-told' });
  const speedBox = h('div', { class: 'card chart' }, h('canvas', { id: 'runs-chart', 'aria-label': 'rows per second of each run' }));
  page.append(h('h1', {}, `Task ${id}`), info, buttons, h('h2', {}, 'Runs'), speedBox, runsBox, h('h2', {}, 'Webhooks told'), told);
  const account = encodeURIComponent(task.data._read_only.account_id);
  api('GET', `/v2/accounts/${account}/webhooks/attempts?task_id=${id}&page_size=50`).then(reply => {
    told.replaceChildren(reply.data.length ? h('table', {}, h('thead', {}, h('tr', {}, ['When', 'Webhook', 'Event', 'Result'].map(c => h('th', {}, c)))),
      h('tbody', {}, reply.data.map(a => h('tr', {}, h('td', {}, when(a.timestamp)), h('td', {}, a.hook_id), h('td', {}, a.event_id),
        h('td', {}, statusBadge(a.result === 'success' ? 'success' : 'failure'), a.reason ? ` ${a.reason}` : '')))))
      : h('p', { class: 'muted' }, 'No webhook was told of this task.'));
  }).catch(e => told.replaceChildren(h('p', { class: 'muted' }, 'Webhook attempts could not be read: ' + e.message)));

  const act = (label, cls, method, path, after) => h('button', {
    type: 'button', class: cls, id: 'btn-' + label.toLowerCase(), onclick: async (e) => {
      e.target.disabled = true;
      try {
        await api(method, path);
        show(`${label}: done.`, 'info');
        if (after) after(); else route();
      } catch (err) {
        show(`${label} refused: ${err.message}`);
        route();
      }
    },
  }, label);

  const render = (t, allowed) => {
    const p = progress(t);
    info.replaceChildren(h('dl', {},
      h('dt', {}, 'Type'), h('dd', {}, `${t.category}/${t.action}`),
      h('dt', {}, 'Status'), h('dd', {}, statusBadge(t.status)),
      h('dt', {}, 'Progress'), h('dd', {}, p.bar, h('span', { class: 'muted', id: 'counts' },
        `${(t.success_count || 0).toLocaleString()} written, ${(t.failure_count || 0).toLocaleString()} failed`
        + (t.total_count ? ` of ${t.total_count.toLocaleString()}` : ''))),
      h('dt', {}, 'Speed'), h('dd', { id: 'speed' }, t.rows_per_second === undefined ? '—' : `${t.rows_per_second.toLocaleString()} rows/s`
        + (t.eta_seconds !== undefined ? `, ETA ${duration(t.eta_seconds)}` : '')),
      h('dt', {}, 'Account'), h('dd', {}, t.account_id),
      h('dt', {}, 'Created'), h('dd', {}, when(t.created)),
      h('dt', {}, 'Node'), h('dd', {}, t.node || '—'),
      h('dt', {}, 'Priority'), h('dd', { id: 'priority' }, t.priority || 'normal'),
      ...(t.queued_timestamp ? [h('dt', {}, 'Queue'), h('dd', { id: 'queue' }, `waiting for a slot since ${when(t.queued_timestamp)}`
        + (t.queue_place ? `, place ${t.queue_place} in its account's queue` : ''))] : []),
      ...(t.schedule_id ? [h('dt', {}, 'Made by'), h('dd', { id: 'schedule' }, h('a', { href: '#/schedules' }, `schedule ${t.schedule_id}`))] : []),
      ...(t.after ? [h('dt', {}, 'Waits for'), h('dd', { id: 'after' },
        t.after.map((a, i) => h('span', {}, i ? ', ' : '', h('a', { href: `#/task/${a.id}` }, a.id), ' ', statusBadge(a.status))),
        h('span', { class: 'muted' }, ` to end ${t.after_status.replaceAll('_', ' ')}${t.waiting ? '; starts by itself' : ''}`))] : []),
      ...(t.reason ? [h('dt', {}, 'Reason'), h('dd', { id: 'reason' }, t.reason)] : []),
      h('dt', {}, 'Parameters'), h('dd', {}, Object.entries(runs.data.params || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '—'),
      h('dt', {}, 'Files'), h('dd', {}, (t.csvs || []).map(c => h('button', { type: 'button', class: 'secondary', id: 'download-' + c.replace('.', '-'),
        onclick: () => download(id, c) }, 'Download ' + c)))));
    buttons.replaceChildren(
      act('Start', '', 'PATCH', `/v2/tasks/${id}`),
      act('Stop', 'secondary', 'PATCH', `/v2/tasks/${id}/stop`),
      act('Restart', '', 'PATCH', `/v2/tasks/${id}`),
      act('Delete', 'danger', 'DELETE', `/v2/tasks/${id}`, () => { location.hash = '#/tasks'; }));
    const can = { Start: allowed.includes('start') && !t.waiting, Stop: allowed.includes('stop'), Restart: allowed.includes('restart'), Delete: allowed.includes('delete') };
    [...buttons.children].forEach(b => { b.disabled = !can[b.textContent]; });
  };
  render(task.data._read_only, runs.data.allowed);

  const drawRuns = (list) => {
    runsBox.replaceChildren(...list.map(r => h('div', { class: 'card run' },
      h('div', {}, h('strong', {}, `Run ${r.id}`), ' ', statusBadge(r.status), ' ',
        h('span', { class: 'muted' }, `${r.start_time || ''} → ${r.end_time || 'running'}${r.exit_message ? ' — ' + r.exit_message.split('\n')[0] : ''}`)),
      h('table', {}, h('thead', {}, h('tr', {}, ['Step', 'Status', 'Read', 'Written', 'Skipped', 'Commits', 'Rollbacks'].map(c => h('th', {}, c)))),
        h('tbody', {}, r.steps.map(s => h('tr', {}, h('td', {}, s.name), h('td', {}, s.status), h('td', { class: 'num' }, s.read_count),
          h('td', { class: 'num' }, s.write_count), h('td', { class: 'num' }, s.skip_count), h('td', { class: 'num' }, s.commit_count),
          h('td', { class: 'num' }, s.rollback_count))))))));
    if (!list.length) runsBox.append(h('p', { class: 'muted' }, 'Not run yet.'));
  };
  drawRuns(runs.data.runs);
  runsChart(speedBox, runs.data.runs);
  let runsDrawn = 0;

  // what it waits for and its place in its account's queue are in the task's own view only, not in the events
  let own = task.data._read_only;
  startStream(own.account_id);
  state.onTasks = async (changed) => {
    let t = changed.find(c => c.id === id);
    if (!t) return;
    // progress as it runs, about once a second: the event, with what it waited for as last read; else its own view
    if (t.status === 'executing' && own.status === 'executing') {
      t = { ...t, after: own.after, after_status: own.after_status, reason: own.reason };
    } else {
      try { t = own = (await api('GET', `/v2/tasks/${id}`)).data._read_only; } catch (e) { /* shown as the event has it */ }
    }
    const wasRunning = info.querySelector('[data-status="executing"]');
    if (t.status !== 'executing' && wasRunning) { route(); return; }  // ended: reload runs and buttons
    const allowed = t.status === 'executing' ? ['stop'] : runs.data.allowed;
    render(t, allowed);
    if (t.status === 'executing' && Date.now() - runsDrawn > 3000) {  // the run going on, its step's counts: every few seconds
      runsDrawn = Date.now();
      try {
        const list = (await api('GET', `/v2/tasks/${id}/runs`)).data.runs;
        drawRuns(list);
        runsChart(speedBox, list);
      } catch (e) { /* shown on the next event */ }
    }
  };
};

pages.new = async (page) => {
  const help = (await api('GET', '/v2/tasks')).data.tasks;
  const categories = Object.keys(help).sort();
  const category = h('select', { name: 'category', id: 'category' }, categories.map(c => h('option', { value: c }, c)));
  const action = h('select', { name: 'action', id: 'action' });
  const doc = h('div', { class: 'muted', id: 'type-doc' });
  const account = h('input', { name: 'account', id: 'account', value: state.account });
  const extra = h('input', { name: 'params', id: 'params', placeholder: 'e.g. ratedeck_id=deck1, from=2030-01-07' });
  const file = h('input', { type: 'file', id: 'file', accept: '.csv,text/csv' });
  const drop = h('div', { class: 'drop', id: 'drop' }, 'Drop a CSV here, or choose one: ', file);
  const chosen = h('div', { class: 'muted', id: 'chosen' });
  const start = h('input', { type: 'checkbox', id: 'start-now', checked: true });
  const bar = h('div', { class: 'bar', id: 'upload-bar', hidden: true }, h('span', { style: 'width:0%' }));
  let csv = null;
  const fillActions = () => {
    action.replaceChildren(...Object.keys(help[category.value] || {}).sort().map(a => h('option', { value: a }, a)));
    describe();
  };
  const describe = () => {
    const t = (help[category.value] || {})[action.value] || {};
    doc.replaceChildren(h('p', {}, t.description || ''), t.doc ? h('p', {}, t.doc) : '',
      t.expected_content ? h('p', {}, `Input: ${t.expected_content}; columns required: ${(t.mandatory || []).join(', ') || 'none'}`
        + `; optional: ${(t.optional || []).join(', ') || 'none'}`) : h('p', {}, 'No input file: the task takes parameters only.'));
    drop.hidden = !t.expected_content;
  };
  const pick = (f) => { csv = f; chosen.textContent = f ? `${f.name} (${f.size.toLocaleString()} bytes)` : ''; };
  category.addEventListener('change', fillActions);
  action.addEventListener('change', describe);
  file.addEventListener('change', () => pick(file.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); pick(e.dataTransfer.files[0]); });

  const form = h('form', { class: 'card', id: 'new-task' },
    h('label', {}, 'Category', category), h('label', {}, 'Action', action), doc,
    h('label', {}, 'Account', account), h('label', {}, 'Parameters (name=value, comma-separated)', extra),
    drop, chosen, h('label', {}, start, ' Start it at once'), bar, h('button', { type: 'submit', id: 'create' }, 'Create task'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = (help[category.value] || {})[action.value] || {};
    if (t.expected_content && !csv) { show('Choose or drop a CSV file first.'); return; }
    const q = new URLSearchParams({ category: category.value, action: action.value });
    for (const pair of extra.value.split(',').map(s => s.trim()).filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at < 1) { show(`Parameter "${pair}" is not name=value.`); return; }
      q.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/v2/accounts/${encodeURIComponent(account.value)}/tasks?${q}`);
    xhr.setRequestHeader('X-Auth-Token', state.token);
    if (csv) xhr.setRequestHeader('Content-Type', 'text/csv');
    bar.hidden = false;
    xhr.upload.onprogress = (p) => { if (p.lengthComputable) bar.firstChild.style.width = `${Math.round(p.loaded * 100 / p.total)}%`; };
    xhr.onerror = () => show('The upload failed: the engine could not be reached.');
    xhr.onload = async () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch (err) { /* not JSON */ }
      if (xhr.status !== 201) { show('The task was refused: ' + reason(xhr.status, json)); return; }
      const id = json.data._read_only.id;
      if (start.checked) {
        try { await api('PATCH', `/v2/tasks/${id}`); } catch (err) { show('Created, but not started: ' + err.message); }
      }
      location.hash = '#/task/' + id;
    };
    xhr.send(csv || null);
  });
  page.append(h('h1', {}, 'New task'), form);
  fillActions();
};

pages.plugins = async (page) => {
  const reply = (await api('GET', '/v2/plugins')).data;
  page.append(h('h1', {}, 'Plugins'), h('p', { class: 'muted' }, `plugin-api ${reply.plugin_api_version}`),
    h('table', { id: 'plugins' }, h('thead', {}, h('tr', {}, ['File', 'Plugin', 'Version', 'State', 'Task types', 'Routes', 'Why'].map(c => h('th', {}, c)))),
      h('tbody', {}, reply.plugins.map(p => h('tr', { 'data-file': p.file },
        h('td', {}, p.file), h('td', {}, p.id || ''), h('td', {}, p.version || ''), h('td', {}, statusBadge(p.state === 'loaded' ? 'success' : 'failure'), ' ', p.state),
        h('td', {}, (p.task_types || []).join(', ')), h('td', { class: 'routes' }, (p.routes || []).map(r => h('div', {}, h('code', {}, r)))),
        h('td', { class: 'reason' }, p.reason || ''))))));
};

pages.schedules = async (page) => {
  const base = `/v2/accounts/${encodeURIComponent(state.account)}/task_schedules`;
  const [help, list] = await Promise.all([api('GET', '/v2/tasks'), api('GET', `${base}?page_size=1000`)]);
  const types = help.data.tasks;
  const typeSelect = h('select', { name: 'type', id: 'schedule-type' }, Object.keys(types).sort().flatMap(c =>
    Object.keys(types[c]).sort().map(a => h('option', { value: `${c}/${a}` }, `${c}/${a}`))));
  const name = h('input', { name: 'name', id: 'schedule-name', placeholder: 'e.g. nightly export' });
  const timing = h('input', { name: 'timing', id: 'schedule-timing', placeholder: 'every: 1h, 15m, 30s — or cron: 0 3 * * *', required: true });
  const zone = h('input', { name: 'time_zone', id: 'schedule-zone', value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
  const params = h('input', { name: 'params', id: 'schedule-params', placeholder: 'e.g. ratedeck_id=deck1' });
  const overlap = h('select', { name: 'overlap', id: 'schedule-overlap' }, ['skip', 'queue'].map(o => h('option', { value: o }, o)));
  const misfire = h('select', { name: 'misfire', id: 'schedule-misfire' }, ['once', 'skip'].map(o => h('option', { value: o }, o)));
  const file = h('input', { type: 'file', id: 'schedule-file', accept: '.csv,text/csv' });
  const form = h('form', { class: 'card', id: 'new-schedule' },
    h('label', {}, 'Task type', typeSelect), h('label', {}, 'Name', name),
    h('label', {}, 'When (a period, or a cron expression)', timing), h('label', {}, 'Time zone (for cron)', zone),
    h('label', {}, 'Parameters (name=value, comma-separated)', params),
    h('label', {}, 'While the previous task runs', overlap), h('label', {}, 'Fires missed while no node ran', misfire),
    h('label', {}, 'Input CSV (for types that take one)', file), h('button', { type: 'submit', id: 'add-schedule' }, 'Add schedule'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [category, action] = typeSelect.value.split('/');
    const data = { category, action, overlap: overlap.value, misfire: misfire.value, params: {}, enabled: !file.files[0] };
    if (name.value.trim()) data.name = name.value.trim();
    const when = timing.value.trim();
    if (when.split(/\s+/).length >= 5) { data.cron = when; data.time_zone = zone.value.trim(); } else data.every = when;
    for (const pair of params.value.split(',').map(s => s.trim()).filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at < 1) { show(`Parameter "${pair}" is not name=value.`); return; }
      data.params[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    try {
      const made = (await api('PUT', base, { data })).data;
      if (file.files[0]) {
        await api('PUT', `${base}/${made.id}/input?file_name=${encodeURIComponent(file.files[0].name)}`, file.files[0],
          { 'Content-Type': 'text/csv' });
        await api('PATCH', `${base}/${made.id}`, { data: { enabled: true } });
      }
      show(`Schedule ${made.id} added.`, 'info');
      route();
    } catch (err) {
      show('The schedule was refused: ' + err.message);
    }
  });
  const change = (label, cls, method, path, body) => h('button', {
    type: 'button', class: cls, onclick: async () => {
      try { await api(method, path, body); show(`${label}: done.`, 'info'); } catch (err) { show(`${label} refused: ${err.message}`); }
      route();
    },
  }, label);
  const rows = list.data.map(s => h('tr', { 'data-id': s.id },
    h('td', {}, s.name || s.id), h('td', {}, `${s.category}/${s.action}`),
    h('td', {}, s.every ? `every ${s.every.replace('PT', '').toLowerCase()}` : `${s.cron} (${s.time_zone})`),
    h('td', {}, s.next_fires.length ? new Date(s.next_fires[0]).toLocaleString() : '—'),
    h('td', { class: 'last-task' }, s.last_task ? [h('a', { href: `#/task/${s.last_task.id}` }, new Date(s.last_task.created).toLocaleString()), ' ',
      statusBadge(s.last_task.status)] : '—'),
    h('td', {}, s.enabled ? 'enabled' : 'paused'),
    h('td', { class: 'actions' },
      s.enabled ? change('Pause', 'secondary', 'PATCH', `${base}/${s.id}`, { data: { enabled: false } })
        : change('Resume', '', 'PATCH', `${base}/${s.id}`, { data: { enabled: true } }),
      change('Delete', 'danger', 'DELETE', `${base}/${s.id}`))));
  page.append(h('h1', {}, 'Schedules'), h('table', { id: 'task-schedules' },
    h('thead', {}, h('tr', {}, ['Schedule', 'Type', 'When', 'Next', 'Last task', 'State', ''].map(c => h('th', {}, c)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No schedules yet.')))),
  h('h2', {}, 'Add a schedule'), form);
  if (!state.superAdmin) return;
  const reply = (await api('GET', '/v2/schedules')).data;
  page.append(h('h2', {}, 'Periodic work of the plugins'), h('table', { id: 'schedules' },
    h('thead', {}, h('tr', {}, ['Periodic work', 'Every', 'Next', 'Last', 'State'].map(c => h('th', {}, c)))),
    h('tbody', {}, reply.schedules.length ? reply.schedules.map(s => h('tr', {}, h('td', {}, s.name), h('td', {}, duration(Math.round(s.interval_ms / 1000))),
      h('td', {}, s.next_fire_time ? new Date(s.next_fire_time).toLocaleString() : '—'),
      h('td', {}, s.previous_fire_time ? new Date(s.previous_fire_time).toLocaleString() : '—'), h('td', {}, s.state)))
      : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No periodic work.')))));
};

// --- charts (Chart.js, served by the engine as a WebJar) and the dashboard ----------------------------------------------

const STATUS_COLORS = { success: '#1f8a4c', partial: '#b7791f', failure: '#c53030', stopped: '#8a94a3', internal_error: '#7b3fc4' };

/** Draws a chart on the canvas, or redraws it with new data; nothing when Chart.js did not load. */
function chart(canvas, config) {
  if (!window.Chart) return;
  const drawn = Chart.getChart(canvas);
  if (drawn) {
    drawn.data = config.data;
    drawn.update('none');
    return;
  }
  new Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...(config.options || {}) } });
}

/** Rows per second of each of a task's runs: the rows its steps read over the run's time (so far, for one going on). */
function runsChart(box, runs) {
  const oldestFirst = [...runs].reverse();
  const speed = oldestFirst.map(r => {
    const rows = r.steps.reduce((n, s) => n + s.read_count, 0);
    const took = ((r.end_time ? Date.parse(r.end_time) : Date.now()) - Date.parse(r.start_time)) / 1000;
    return r.start_time && took > 0 ? Math.round(rows / took) : 0;
  });
  chart(box.querySelector('canvas'), { type: 'bar', data: { labels: oldestFirst.map(r => `Run ${r.id}`),
    datasets: [{ label: 'rows per second', data: speed, backgroundColor: '#2457d6' }] } });
}

pages.dashboard = async (page) => {
  const path = `/v2/accounts/${encodeURIComponent(state.account)}/dashboard`;
  const usage = (n, max) => max ? `${n.toLocaleString()} of ${max.toLocaleString()}` : n.toLocaleString();
  const bytes = (n) => n >= 1e9 ? (n / 1e9).toFixed(1) + ' GB' : n >= 1e6 ? (n / 1e6).toFixed(1) + ' MB' : n >= 1e3 ? (n / 1e3).toFixed(1) + ' kB' : n + ' B';
  const body = h('tbody');
  const rowsBox = h('div', { class: 'card chart' }, h('canvas', { id: 'rows-chart', 'aria-label': 'rows per second across the engine' }));
  const daysBox = h('div', { class: 'card chart' }, h('canvas', { id: 'days-chart', 'aria-label': 'tasks per day by status' }));
  const draw = (data) => {
    body.replaceChildren(...data.accounts.map(a => h('tr', { 'data-account': a.account_id },
      h('td', {}, a.name || a.account_id), h('td', { class: 'num' }, usage(a.running, a.max_running)),
      h('td', { class: 'num' }, a.waiting.toLocaleString()), h('td', { class: 'num' }, usage(a.pending, a.max_pending)),
      h('td', { class: 'num' }, a.max_file_bytes ? `${bytes(a.file_bytes)} of ${bytes(a.max_file_bytes)}` : bytes(a.file_bytes)))));
    rowsBox.hidden = !data.rows_per_second;
    if (data.rows_per_second) {
      chart(rowsBox.querySelector('canvas'), { type: 'line', data: { labels: data.rows_per_second.map(m => m.minute),
        datasets: [{ label: 'rows per second, across the engine (UTC minutes)', data: data.rows_per_second.map(m => m.rows_per_second),
          borderColor: '#2457d6', pointRadius: 0, fill: false }] } });
    }
    chart(daysBox.querySelector('canvas'), { type: 'bar', data: { labels: data.tasks_per_day.map(d => d.day),
      datasets: Object.keys(STATUS_COLORS).map(s => ({ label: s, data: data.tasks_per_day.map(d => d[s]), backgroundColor: STATUS_COLORS[s] })) },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
  };
  page.append(h('h1', {}, 'Dashboard'),
    h('div', { class: 'card', id: 'dashboard' }, h('h2', {}, 'Accounts at work'),
      h('table', { id: 'accounts-at-work' }, h('thead', {}, h('tr', {}, ['Account', 'Running', 'Waiting for a slot', 'Pending', 'Files']
        .map(c => h('th', {}, c)))), body)),
    h('div', { class: 'charts' }, rowsBox, daysBox));
  draw((await api('GET', path)).data);
  const again = async () => {  // every few seconds while the page is shown
    if (!page.isConnected) return;
    try { draw((await api('GET', path)).data); } catch (e) { /* the next look says so */ }
    setTimeout(again, 5000);
  };
  setTimeout(again, 5000);
};

// --- routing -----------------------------------------------------------------------------------------------------

async function route() {
  stopStream();
  const signedIn = !!state.token;
  $('#sign-in').hidden = signedIn;
  $('#nav').hidden = !signedIn;
  // a fresh section for each page: a page still drawing when the next is chosen draws into its own, now detached
  const page = h('section', { id: 'page' });
  $('#page').replaceWith(page);
  if (!signedIn) return;
  const [path, query] = (location.hash.slice(1) || '/dashboard').split('?');
  const [, name, id] = path.split('/');
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  const render = pages[name] || pages.dashboard;
  try {
    await render(page, new URLSearchParams(query || ''), id);
  } catch (e) {
    page.replaceChildren(h('p', { class: 'muted' }, 'This page could not be shown.'));
    show(e.message);
  }
}

$('#sign-in').addEventListener('submit', (e) => { e.preventDefault(); signIn($('#token').value.trim()); });
$('#sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => { clearMessage(); route(); });
route();
