// One topic: its subscriptions with their filters, and a test publish that shows which queues took it.

import * as api from '../api.js';
import {can} from '../auth.js';
import {errorNotice, h, link, notice, replace, seg} from '../dom.js';
import * as fmt from '../format.js';
import {flow, messageInputs} from '../widgets.js';

export function topicView(main, topicId) {
  const info = h('p', {class: 'hint', id: 'topic-info'});
  const flows = h('div', {id: 'topic-subscriptions'});
  replace(main,
    h('p', {class: 'crumbs'}, link('/', 'Overview'), ' / topic'),
    h('h1', {}, 'Topic ', h('span', {}, topicId)),
    info,
    h('section', {class: 'card', 'aria-labelledby': 'subs-title'},
      h('h2', {id: 'subs-title'}, 'Subscriptions'), flows),
    can('topics', 'publish', topicId) ? publishForm(topicId) : null);

  async function refresh() {
    const [topic, subscriptions, queues] = await Promise.all([
      api.get(`topics/${api.p(topicId)}`),
      can('subscriptions', 'read') ? api.all('subscriptions', {topic_id: topicId}) : Promise.resolve(null),
      can('queues', 'read') ? api.all('queues') : Promise.resolve([]),
    ]);
    replace(info, `Created ${fmt.time(topic.created_at)}.`);
    if (subscriptions === null) {
      replace(flows, h('p', {class: 'hint'}, 'This client may not list subscriptions.'));
    } else if (subscriptions.length === 0) {
      replace(flows, h('p', {class: 'problem idle'}, 'No subscriptions: what is published here is stored nowhere.'));
    } else {
      const queuesById = new Map(queues.map((q) => [q.id, q]));
      replace(flows, h('ul', {class: 'flows'}, subscriptions.map((s) => flow(s, queuesById))));
    }
  }

  return {refresh};
}

function publishForm(topicId) {
  const inputs = messageInputs('publish');
  const messages = h('div', {class: 'messages', id: 'publish-messages'});
  const form = h('form', {class: 'card', id: 'publish-form', 'aria-labelledby': 'publish-title'},
    h('h2', {id: 'publish-title'}, 'Publish a test message'),
    inputs.fields,
    h('button', {type: 'submit', class: 'primary', id: 'publish-button'}, 'Publish'),
    messages);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api.post(`topics/${api.p(topicId)}/messages`, inputs.message());
      const queueIds = answer.data[0].queue_ids;
      notice(messages, 'success', ...(queueIds.length === 0
        ? ['Published, but no subscription matched: it is stored nowhere.']
        : ['Published to ', h('span', {id: 'published-queues'},
          queueIds.map((id, i) => [i ? ', ' : '', link(`/queues/${seg(id)}`, id, {class: 'published-queue'})])),
        '.']));
    } catch (e) {
      errorNotice(messages, e);
    }
  });
  return form;
}
