// One queue: its figures and charts, its messages (browse and search, never a receive), a test message, its
// settings, redrive, purge and delete. What the client's scopes do not allow is not offered.

import * as api from '../api.js';
import {can} from '../auth.js';
import {depthChart, rateChart} from '../charts.js';
import {errorNotice, field, h, link, notice, replace, seg} from '../dom.js';
import * as fmt from '../format.js';
import {problems} from '../problems.js';
import {messageInputs, typedConfirmation} from '../widgets.js';

const PAGE = 50;

/**
 * The settings the form edits, [field, label]: their names are the API's, as its 422 messages are. A field left
 * empty is sent as null, which resets the setting to its default.
 */
const SETTINGS = [
  ['ack_deadline_seconds', 'Ack deadline (seconds)'],
  ['message_retention_seconds', 'Retention (seconds)'],
  ['delivery_delay_seconds', 'Delivery delay (seconds)'],
  ['max_deliveries', 'Max deliveries (empty: unlimited)'],
  ['dead_letter_queue_id', 'Dead-letter queue (empty: none)'],
  ['backoff_min_seconds', 'Nack backoff min (seconds)'],
  ['backoff_max_seconds', 'Nack backoff max (seconds)'],
  ['max_messages', 'Max messages (empty: unbounded)'],
  ['receive_wait_seconds', 'Receive wait (seconds)'],
  ['max_message_bytes', 'Max message size (bytes)'],
];

export function queueView(main, queueId, context) {
  const name = h('span', {}, queueId);
  const figures = h('dl', {class: 'figures', id: 'queue-figures'});
  const issues = h('div', {class: 'issues', id: 'queue-problems'});
  const depth = h('div', {class: 'chart', id: 'depth-chart'});
  const rates = h('div', {class: 'chart', id: 'rate-chart'});
  let windowSeconds = 3600;
  let charts = [];
  let queue = null;
  let allQueues = [];
  let gone = false;

  const windowButtons = [[3600, 'Last hour'], [86400, 'Last 24 hours']].map(([seconds, text]) => h('button', {
    type: 'button', class: 'toggle', 'aria-pressed': String(seconds === windowSeconds),
    onclick: (event) => {
      windowSeconds = seconds;
      for (const b of windowButtons) b.setAttribute('aria-pressed', String(b === event.currentTarget));
      loadCharts().catch((e) => replace(depth, h('p', {class: 'notice error', role: 'alert'}, e.message)));
    },
  }, text));

  const browse = browser(queueId, () => allQueues, context);
  const sections = [
    h('p', {class: 'crumbs'}, link('/', 'Overview'), ' / queue'),
    h('h1', {}, 'Queue ', name),
    issues,
    figures,
    h('section', {class: 'card', 'aria-labelledby': 'charts-title'},
      h('div', {class: 'section-head'}, h('h2', {id: 'charts-title'}, 'Depth and rates'),
        h('div', {class: 'toggles', id: 'charts-window', role: 'group', 'aria-label': 'Time window'}, windowButtons)),
      h('div', {class: 'charts'}, depth, rates)),
    can('queues', 'read', queueId) ? browse.section : null,
    can('queues', 'publish', queueId) ? sendForm(queueId, browse, context) : null,
    h('div', {id: 'settings-area'}),
    h('div', {id: 'danger-area'}),
  ];
  replace(main, sections);
  browse.search();

  async function loadCharts() {
    const history = await api.get(`queues/${api.p(queueId)}/stats/history`, {window_seconds: windowSeconds});
    for (const chart of charts) chart.destroy();
    charts = [];
    replace(depth);
    replace(rates);
    const points = history.data || [];
    if (points.length === 0) {
      replace(depth, h('p', {class: 'hint'}, 'No samples yet.'));
    } else {
      charts.push(depthChart(depth, points), rateChart(rates, points));
    }
    return history;
  }

  async function refresh() {
    let fresh;
    let stats;
    let queues;
    try {
      [fresh, stats, queues] = await Promise.all([
        api.get(`queues/${api.p(queueId)}`),
        api.get(`queues/${api.p(queueId)}/stats`),
        can('queues', 'read') ? api.all('queues') : Promise.resolve([]),
      ]);
    } catch (e) {
      if (e.status === 404) {
        gone = true;
        replace(main, h('p', {class: 'crumbs'}, link('/', 'Overview')),
          h('p', {class: 'notice error', role: 'alert', id: 'no-queue'}, `There is no queue ${queueId}.`));
        return;
      }
      throw e;
    }
    const first = queue === null;
    queue = fresh;
    allQueues = queues;
    const history = await loadCharts();
    const points = history.data;
    // The rates of the last whole step: the current one has only begun.
    const whole = points.filter((point) => Date.parse(point.at) + history.step_seconds * 1000 <= Date.parse(history.to));
    const latest = whole[whole.length - 1] || points[points.length - 1] || {};
    const sources = queues.filter((q) => q.dead_letter_queue_id === queueId).map((q) => q.id);
    const found = problems({...stats, rates: latest.rates}, points, sources);
    replace(issues, found.map((p) => h('span', {class: `problem ${p.kind}`}, p.text)),
      sources.length
        ? h('span', {class: 'tag dlq'}, 'dead-letter queue of ',
          sources.map((id, i) => [i ? ', ' : '', link(`/queues/${seg(id)}`, id)]))
        : null);
    const r = latest.rates || {};
    replace(figures,
      figure('Available', fmt.count(stats.available), 'available'),
      figure('In flight', fmt.count(stats.in_flight), 'in-flight'),
      figure('Delayed', fmt.count(stats.delayed), 'delayed'),
      figure('Total', fmt.count(stats.total), 'total'),
      figure('Oldest available', fmt.age(stats.oldest_available_age_seconds), 'oldest'),
      figure('Published', fmt.rate(r.published), 'published'),
      figure('Received', fmt.rate(r.received), 'received'),
      figure('Acked', fmt.rate(r.acked), 'acked'),
      figure('Dead-lettered', fmt.rate(r.dead_lettered), 'dead-lettered'));
    browse.setSources(sources);
    if (first) {
      replace(document.getElementById('settings-area'), settingsForm(queue, context));
      replace(document.getElementById('danger-area'), dangerZone(queue, browse, context));
    }
  }

  return {
    refresh: () => (gone ? Promise.resolve() : refresh()),
    destroy() {
      for (const chart of charts) chart.destroy();
    },
  };
}

function figure(label, value, key) {
  return h('div', {class: 'figure', dataset: {figure: key}}, h('dt', {}, label), h('dd', {}, value));
}

/** Browse and search: a plain read of the stored messages, oldest first, with redrive of what is selected. */
function browser(queueId, queues, context) {
  const attributes = h('input', {id: 'search-attributes', placeholder: 'region=eu, status=paid'});
  const text = h('input', {id: 'search-text', type: 'search'});
  const jsonPath = h('input', {id: 'search-json-path', placeholder: '$.total > 100', spellcheck: 'false'});
  const label = h('input', {id: 'search-label'});
  const results = h('div', {class: 'table-wrap', id: 'messages'});
  const messages = h('div', {class: 'messages', id: 'browse-messages'});
  const destination = h('select', {id: 'redrive-destination'});
  const selectedButton = h('button', {type: 'button', id: 'redrive-selected', disabled: true}, 'Redrive selected');
  const allButton = h('button', {type: 'button', id: 'redrive-all'}, 'Redrive all');
  const pager = h('div', {class: 'pager'});
  const selected = new Set();
  let offset = 0;
  let sources = [];

  const form = h('form', {class: 'search', id: 'search-form', role: 'search'},
    h('div', {class: 'row'},
      field('Attributes (key=value; a key repeated is either)', attributes),
      field('Text in the body', text),
      field('JSON path', jsonPath),
      field('Label', label)),
    h('div', {class: 'row buttons'},
      h('button', {type: 'submit', class: 'primary', id: 'search-button'}, 'Search'),
      h('button', {type: 'button', id: 'search-clear', onclick: () => { form.reset(); offset = 0; search(); }},
        'Clear'),
      h('button', {type: 'button', id: 'browse-reload', onclick: () => search()}, 'Reload')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    search();
  });

  const redrive = can('queues', 'manage', queueId)
    ? h('div', {class: 'redrive row', id: 'redrive'},
      field('Redrive to', destination), selectedButton, allButton)
    : null;
  selectedButton.addEventListener('click', () => move([...selected]));
  allButton.addEventListener('click', () => move(null));

  function fillDestinations() {
    const keep = destination.value;
    replace(destination,
      h('option', {value: ''}, 'where each came from'),
      queues().filter((q) => q.id !== queueId).map((q) => h('option', {value: q.id}, q.id)));
    destination.value = [...destination.options].some((o) => o.value === keep) ? keep : '';
  }

  async function move(ids) {
    const body = {};
    if (destination.value) body.destination_queue_id = destination.value;
    if (ids) body.ids = ids;
    try {
      const answer = await api.post(`queues/${api.p(queueId)}/redrive`, body);
      notice(messages, 'success', `Moved ${answer.moved} message${answer.moved === 1 ? '' : 's'} to `,
        destination.value || 'where each came from', '.');
      selected.clear();
      await search();
      await context.refresh();
    } catch (e) {
      errorNotice(messages, e);
    }
  }

  function query() {
    const params = new URLSearchParams();
    params.set('limit', String(PAGE));
    params.set('offset', String(offset));
    // Every key=value pair as a filter: a key repeated matches either value, different keys all of them.
    for (const part of attributes.value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const at = part.indexOf('=');
      if (at <= 0) throw new Error(`attributes: "${part}" is not key=value`);
      params.append(`attribute.${part.slice(0, at).trim()}`, part.slice(at + 1).trim());
    }
    if (text.value) params.set('text', text.value);
    if (jsonPath.value.trim()) params.set('json_path', jsonPath.value.trim());
    if (label.value.trim()) params.set('label', label.value.trim());
    return params;
  }

  async function search() {
    let page;
    try {
      page = await api.call('GET', `queues/${api.p(queueId)}/messages`, {query: query()});
    } catch (e) {
      replace(results, h('p', {class: 'notice error', role: 'alert', id: 'search-error'}, e.message));
      return;
    }
    fillDestinations();
    renderResults(page.data);
  }

  function renderResults(list) {
    for (const id of [...selected]) {
      if (!list.some((m) => m.id === id)) selected.delete(id);
    }
    updateSelected();
    replace(pager,
      offset > 0 ? h('button', {type: 'button', onclick: () => { offset = Math.max(0, offset - PAGE); search(); }},
        'Previous') : null,
      list.length === PAGE ? h('button', {type: 'button', onclick: () => { offset += PAGE; search(); }}, 'Next')
        : null);
    if (list.length === 0) {
      replace(results, h('p', {class: 'empty', id: 'no-messages'}, offset === 0 ? 'No messages match.' : 'No more.'));
      return;
    }
    replace(results, h('table', {class: 'messages-table'},
      h('caption', {class: 'visually-hidden'}, 'Stored messages, oldest first'),
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Select')),
        ['Message', 'Published', 'Deliveries', 'Attributes', 'Body', 'Dead-lettered from']
          .map((title) => h('th', {scope: 'col'}, title)))),
      h('tbody', {}, list.map((m) => {
        const box = h('input', {
          type: 'checkbox', class: 'select-message', 'aria-label': `Select message ${m.id}`,
          checked: selected.has(m.id),
        });
        box.addEventListener('change', () => {
          if (box.checked) selected.add(m.id); else selected.delete(m.id);
          updateSelected();
        });
        return h('tr', {class: 'message-row', dataset: {id: m.id}},
          h('td', {}, box),
          h('td', {}, link(`/queues/${seg(queueId)}/messages/${seg(m.id)}`, m.id.slice(-12),
            {class: 'message-link mono', title: m.id})),
          h('td', {}, fmt.time(m.created_at)),
          h('td', {class: 'num'}, String(m.delivery_attempts)),
          h('td', {class: 'attrs'}, fmt.attributes(m.attributes)),
          h('td', {class: 'body-preview mono'}, fmt.preview(m.body)),
          h('td', {}, m.dead_letter ? link(`/queues/${seg(m.dead_letter.source_queue_id)}`,
            m.dead_letter.source_queue_id) : ''));
      }))));
  }

  function updateSelected() {
    selectedButton.disabled = selected.size === 0;
    selectedButton.textContent = `Redrive selected (${selected.size})`;
  }

  const section = h('section', {class: 'card', 'aria-labelledby': 'messages-title'},
    h('h2', {id: 'messages-title'}, 'Messages'),
    h('p', {class: 'hint'}, 'A plain read, oldest first: browsing never leases or delivers a message.'),
    form, redrive, messages, results, pager);

  return {
    section,
    search,
    /** After each refresh: the queues it is the dead-letter queue of, and the queues there are to redrive to. */
    setSources(list) {
      sources = list;
      fillDestinations();
      allButton.textContent = sources.length ? 'Redrive all back' : 'Redrive all';
    },
  };
}

function sendForm(queueId, browse, context) {
  const inputs = messageInputs('send');
  const messages = h('div', {class: 'messages', id: 'send-messages'});
  const form = h('form', {class: 'card', id: 'send-form', 'aria-labelledby': 'send-title'},
    h('h2', {id: 'send-title'}, 'Send a test message'),
    inputs.fields,
    h('button', {type: 'submit', class: 'primary', id: 'send-button'}, 'Send'),
    messages);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api.post(`queues/${api.p(queueId)}/messages`, inputs.message());
      notice(messages, 'success', `Sent message ${answer.data[0].id}.`);
      await browse.search();
      await context.refresh();
    } catch (e) {
      errorNotice(messages, e);
    }
  });
  return form;
}

/** The settings, sent as a JSON Merge Patch of what changed; the API's 422 messages beside their fields. */
function settingsForm(queue, context) {
  const editable = can('queues', 'update', queue.id);
  const inputs = new Map();
  const errors = new Map();
  const general = h('div', {class: 'messages', id: 'settings-messages'});
  const rows = SETTINGS.map(([key, label]) => {
    const value = queue[key];
    const input = h('input', {
      id: `setting-${key}`,
      name: key,
      type: key === 'dead_letter_queue_id' ? 'text' : 'number',
      value: value === null || value === undefined ? '' : String(value),
      disabled: !editable,
    });
    const error = h('p', {class: 'field-error', id: `setting-${key}-error`, role: 'alert', hidden: true});
    input.setAttribute('aria-describedby', error.id);
    inputs.set(key, input);
    errors.set(key, error);
    return field(label, input, error);
  });
  const fixed = h('p', {class: 'hint'},
    `FIFO: ${queue.fifo ? 'yes' : 'no'} · created ${fmt.time(queue.created_at)} · changed ${fmt.time(queue.updated_at)}`);
  const form = h('form', {class: 'card settings', id: 'settings-form', 'aria-labelledby': 'settings-title'},
    h('h2', {id: 'settings-title'}, 'Settings'),
    fixed,
    h('div', {class: 'grid'}, rows),
    editable ? h('button', {type: 'submit', class: 'primary', id: 'settings-save'}, 'Save settings')
      : h('p', {class: 'hint'}, 'This client may not change the settings.'),
    general);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [key, error] of errors) {
      error.hidden = true;
      error.textContent = '';
      inputs.get(key).classList.remove('invalid');
      inputs.get(key).removeAttribute('aria-invalid');
    }
    replace(general);
    const change = {};
    for (const [key, input] of inputs) {
      const before = queue[key] === null || queue[key] === undefined ? '' : String(queue[key]);
      if (input.value.trim() === before) continue;
      const text = input.value.trim();
      // Empty resets the setting to its default (null in a merge patch).
      change[key] = text === '' ? null : (input.type === 'number' ? Number(text) : text);
    }
    if (Object.keys(change).length === 0) {
      notice(general, 'info', 'Nothing changed.');
      return;
    }
    try {
      const updated = await api.patch(`queues/${api.p(queue.id)}`, change);
      Object.assign(queue, updated);
      for (const [key, input] of inputs) {
        input.value = updated[key] === null || updated[key] === undefined ? '' : String(updated[key]);
      }
      notice(general, 'success', 'Settings saved.');
      await context.refresh();
    } catch (e) {
      const rest = [];
      // The API's messages start with the field they are about; the longest name wins (backoff_max_seconds...).
      const names = [...inputs.keys()].sort((a, b) => b.length - a.length);
      for (const message of e.messages || [e.message]) {
        const key = names.find((n) => message.startsWith(n + ' ') || message.startsWith(n + ':'));
        if (key) {
          const error = errors.get(key);
          error.textContent = error.textContent ? `${error.textContent}; ${message}` : message;
          error.hidden = false;
          inputs.get(key).classList.add('invalid');
          inputs.get(key).setAttribute('aria-invalid', 'true');
        } else {
          rest.push(message);
        }
      }
      if (rest.length) notice(general, 'error', ...rest.map((m) => h('span', {class: 'line'}, m)));
    }
  });
  return form;
}

function dangerZone(queue, browse, context) {
  const messages = h('div', {class: 'messages', id: 'danger-messages'});
  const parts = [];
  if (can('queues', 'manage', queue.id)) {
    parts.push(typedConfirmation({
      id: 'purge',
      name: queue.id,
      action: 'Purge',
      explanation: 'Purge deletes every message of the queue, delivered or not. It cannot be undone.',
      onConfirm: async () => {
        try {
          const answer = await api.post(`queues/${api.p(queue.id)}/purge`);
          notice(messages, 'success', `Purged: ${answer.deleted} message${answer.deleted === 1 ? '' : 's'} deleted.`);
          await browse.search();
          await context.refresh();
        } catch (e) {
          errorNotice(messages, e);
        }
      },
    }));
  }
  if (can('queues', 'delete', queue.id)) {
    parts.push(typedConfirmation({
      id: 'delete-queue',
      name: queue.id,
      action: 'Delete queue',
      explanation: 'Deleting the queue deletes its messages and its subscriptions too.',
      onConfirm: async () => {
        try {
          await api.del(`queues/${api.p(queue.id)}`);
          context.go('#/');
        } catch (e) {
          errorNotice(messages, e);
        }
      },
    }));
  }
  if (parts.length === 0) return null;
  return h('section', {class: 'card danger-zone', 'aria-labelledby': 'danger-title'},
    h('h2', {id: 'danger-title'}, 'Danger zone'), parts, messages);
}
