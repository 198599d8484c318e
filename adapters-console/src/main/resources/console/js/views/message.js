// One stored message: its whole body, attributes, deliveries, timestamps and dead-letter origin.

import * as api from '../api.js';
import {h, link, replace, seg} from '../dom.js';
import * as fmt from '../format.js';

export function messageView(main, queueId, messageId) {
  const area = h('div', {id: 'message-detail'});
  replace(main,
    h('p', {class: 'crumbs'}, link('/', 'Overview'), ' / ', link(`/queues/${seg(queueId)}`, queueId), ' / message'),
    h('h1', {}, 'Message'),
    area);
  let shown = false;

  async function refresh() {
    if (shown) return;
    let message;
    try {
      message = await api.get(`queues/${api.p(queueId)}/messages/${api.p(messageId)}`);
    } catch (e) {
      replace(area, h('p', {class: 'notice error', role: 'alert', id: 'message-gone'}, e.status === 404
        ? 'This message is gone: acked, purged, expired or moved.'
        : e.message));
      return;
    }
    shown = true;
    render(message);
  }

  function render(m) {
    const rows = [
      ['Id', h('span', {class: 'mono', id: 'message-id'}, m.id)],
      ['Queue', link(`/queues/${seg(m.queue_id)}`, m.queue_id)],
      ['Label', m.label === null || m.label === undefined ? '—' : m.label],
      ['Delivery attempts', h('span', {id: 'message-attempts'}, String(m.delivery_attempts))],
      ['Published', fmt.time(m.created_at)],
      ['Lease ends', fmt.time(m.lease_expires_at)],
    ];
    if (m.group_id) rows.push(['Group', m.group_id]);
    if (m.dead_letter) {
      rows.push(['Dead-lettered from', h('span', {id: 'message-dead-letter'},
        link(`/queues/${seg(m.dead_letter.source_queue_id)}`, m.dead_letter.source_queue_id),
        ` (${m.dead_letter.reason}${m.dead_letter.last_delivery ? ', ' + m.dead_letter.last_delivery : ''}) at `,
        fmt.time(m.dead_letter.at))]);
    }
    const attributes = Object.entries(m.attributes || {});
    replace(area,
      h('dl', {class: 'details'}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      h('h2', {}, 'Attributes'),
      attributes.length === 0
        ? h('p', {class: 'empty'}, 'None.')
        : h('table', {class: 'attributes', id: 'message-attributes'},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Key'), h('th', {scope: 'col'}, 'Value'))),
          h('tbody', {}, attributes.map(([key, value]) => h('tr', {}, h('td', {class: 'mono'}, key),
            h('td', {class: 'mono'}, value))))),
      h('h2', {}, 'Body'),
      h('pre', {class: 'body', id: 'message-body', tabindex: '0'}, fmt.pretty(m.body)));
  }

  return {refresh};
}
