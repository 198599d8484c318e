// Every queue at a glance, with what needs a look standing out, and what feeds what.

import * as api from '../api.js';
import {can, canAny} from '../auth.js';
import {sparkline} from '../charts.js';
import {errorNotice, field, h, link, notice, replace, seg} from '../dom.js';
import * as fmt from '../format.js';
import {problems} from '../problems.js';
import {flow} from '../widgets.js';

async function optional(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e.status === 403) return null;
    throw e;
  }
}

/** The sparklines' hour changes slowly: it is fetched again at most this often, not at every refresh. */
const HISTORY_MAX_AGE_MS = 30000;

export function overviewView(main, context) {
  let charts = [];
  let history = new Map();
  let historyAt = 0;
  const tableArea = h('div', {class: 'table-wrap', id: 'queues-table'});
  const flowsArea = h('div', {id: 'topics'});
  const createMessages = h('div', {class: 'messages'});
  const sections = [
    h('h1', {}, 'Queues'),
    tableArea,
  ];
  if (canAny('queues', 'create')) sections.push(createForm(createMessages, context));
  sections.push(h('h2', {}, 'Topics'), flowsArea);
  replace(main, sections);

  async function refresh() {
    if (!can('queues', 'read')) {
      replace(tableArea, h('p', {class: 'hint'},
        'This client may not list queues (that takes the scope queues:read for all queues). Open one by its address: '
        + '#/queues/<name>.'));
      return;
    }
    const stale = Date.now() - historyAt > HISTORY_MAX_AGE_MS;
    const [queues, stats, hour, topics, subscriptions] = await Promise.all([
      api.all('queues'),
      api.all('stats'),
      // The last hour of every queue, a page at a time: each page holds every point of its queues.
      stale ? api.all('stats/history', {window_seconds: 3600}, 100) : Promise.resolve(null),
      optional(can('topics', 'read') ? api.all('topics') : Promise.resolve(null)),
      optional(can('subscriptions', 'read') ? api.all('subscriptions') : Promise.resolve(null)),
    ]);
    const statsById = new Map(stats.map((row) => [row.queue_id, row]));
    if (hour) {
      history = new Map(hour.map((row) => [row.queue_id, row.points]));
      historyAt = Date.now();
    }
    for (const chart of charts) chart.destroy();
    charts = [];
    renderTable(queues, statsById, history);
    renderFlows(queues, topics, subscriptions);
  }

  function renderTable(queues, statsById, history) {
    const deadLetterFor = new Map();
    for (const q of queues) {
      if (q.dead_letter_queue_id) {
        if (!deadLetterFor.has(q.dead_letter_queue_id)) deadLetterFor.set(q.dead_letter_queue_id, []);
        deadLetterFor.get(q.dead_letter_queue_id).push(q.id);
      }
    }
    if (queues.length === 0) {
      replace(tableArea, h('p', {class: 'empty'}, 'No queues yet.'));
      return;
    }
    const rows = queues.map((q) => {
      const s = statsById.get(q.id) || {};
      const rates = s.rates || {};
      const points = history.get(q.id) || [];
      const sources = deadLetterFor.get(q.id) || [];
      const arriving = sources.reduce((sum, id) => sum + ((statsById.get(id) || {}).rates?.dead_lettered || 0), 0);
      const found = problems(s, points, sources, Date.now(), arriving);
      const spark = h('td', {class: 'spark-cell'});
      if (points.length > 0) {
        spark.setAttribute('aria-label', `available messages over the last hour, now ${fmt.count(s.available)}`);
      }
      const row = h('tr', {class: found.length ? 'problem-row' : null, dataset: {queue: q.id}},
        h('th', {scope: 'row'},
          link(`/queues/${seg(q.id)}`, q.id, {class: 'queue-link'}),
          deadLetterFor.has(q.id)
            ? h('span', {class: 'tag dlq'}, `dead-letter queue of ${deadLetterFor.get(q.id).join(', ')}`)
            : null),
        h('td', {class: 'num available'}, fmt.count(s.available)),
        h('td', {class: 'num in-flight'}, fmt.count(s.in_flight)),
        h('td', {class: 'num delayed'}, fmt.count(s.delayed)),
        h('td', {class: 'num total'}, fmt.count(s.total)),
        h('td', {class: 'num oldest'}, fmt.age(s.oldest_available_age_seconds)),
        h('td', {class: 'num'}, fmt.rate(rates.published)),
        h('td', {class: 'num'}, fmt.rate(rates.received)),
        h('td', {class: 'num'}, fmt.rate(rates.acked)),
        spark,
        h('td', {class: 'status'}, found.length
          ? found.map((p) => h('span', {class: `problem ${p.kind}`}, p.text))
          : h('span', {class: 'ok'}, 'ok')));
      if (points.length > 0) row.spark = [spark, points];
      return row;
    });
    replace(tableArea, h('table', {class: 'queues'},
      h('caption', {class: 'visually-hidden'}, 'Every queue, its messages by state, rates and problems'),
      h('thead', {}, h('tr', {},
        ['Queue', 'Available', 'In flight', 'Delayed', 'Total', 'Oldest', 'Published', 'Received', 'Acked',
          'Last hour', 'Status'].map((title) => h('th', {scope: 'col'}, title)))),
      h('tbody', {}, rows)));
    // Charts once their cells are in the page.
    for (const row of rows) {
      if (row.spark) charts.push(sparkline(row.spark[0], row.spark[1]));
    }
  }

  function renderFlows(queues, topics, subscriptions) {
    if (topics === null) {
      replace(flowsArea, h('p', {class: 'hint'}, 'This client may not list topics.'));
      return;
    }
    if (topics.length === 0) {
      replace(flowsArea, h('p', {class: 'empty'}, 'No topics yet.'));
      return;
    }
    const queuesById = new Map(queues.map((q) => [q.id, q]));
    const byTopic = new Map(topics.map((t) => [t.id, []]));
    for (const s of subscriptions || []) {
      if (byTopic.has(s.topic_id)) byTopic.get(s.topic_id).push(s);
    }
    replace(flowsArea, h('ul', {class: 'topics'}, topics.map((t) => {
      const subs = byTopic.get(t.id);
      return h('li', {class: 'topic-block', dataset: {topic: t.id}},
        subs.length === 0
          ? h('p', {},
            link(`/topics/${seg(t.id)}`, t.id, {class: 'node topic'}),
            h('span', {class: 'problem idle'}, 'no subscriptions: what is published here is stored nowhere'))
          : h('ul', {class: 'flows'}, subs.map((s) => flow(s, queuesById))));
    })));
  }

  return {
    refresh,
    destroy() {
      for (const chart of charts) chart.destroy();
    },
  };
}

function createForm(messages, context) {
  const id = h('input', {id: 'new-queue-id', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}'});
  const dlq = h('input', {id: 'new-queue-dlq', placeholder: 'none'});
  const maxDeliveries = h('input', {id: 'new-queue-max-deliveries', type: 'number', min: 1, max: 1000});
  const form = h('form', {class: 'card inline-form', id: 'create-queue-form'},
    h('h2', {}, 'Create a queue'),
    h('div', {class: 'row'},
      field('Name', id),
      field('Dead-letter queue (optional)', dlq),
      field('Max deliveries (optional)', maxDeliveries),
      h('button', {type: 'submit', class: 'primary', id: 'create-queue-button'}, 'Create queue')),
    messages);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {id: id.value.trim()};
    if (dlq.value.trim()) body.dead_letter_queue_id = dlq.value.trim();
    if (maxDeliveries.value) body.max_deliveries = Number(maxDeliveries.value);
    try {
      const created = await api.post('queues', body);
      notice(messages, 'success', 'Created queue ', link(`/queues/${seg(created.id)}`, created.id), '.');
      form.reset();
      await context.refresh();
    } catch (e) {
      errorNotice(messages, e);
    }
  });
  return form;
}
