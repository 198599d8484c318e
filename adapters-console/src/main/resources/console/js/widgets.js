// Pieces several views share: the topic → filter → queue → dead-letter queue flow, typed confirmations, and the
// parsing of what a person types into a message form.

import {field, h, link, seg} from './dom.js';

/** "region = eu or us, and status = paid", or "every message". */
export function filterText(filters) {
  const entries = Object.entries(filters || {});
  if (entries.length === 0) return 'every message';
  return entries.map(([key, values]) => `${key} = ${values.join(' or ')}`).join(', and ');
}

/** One subscription drawn as topic → filter → queue → dead-letter queue (when the queue has one). */
export function flow(subscription, queuesById) {
  const queue = queuesById.get(subscription.queue_id);
  const dlq = queue ? queue.dead_letter_queue_id : null;
  return h('li', {class: 'flow'},
    link(`/topics/${seg(subscription.topic_id)}`, subscription.topic_id, {class: 'node topic'}),
    h('span', {class: 'arrow', 'aria-hidden': 'true'}, '→'),
    h('span', {class: 'node filter', title: `subscription ${subscription.id}`}, filterText(subscription.message_filters)),
    h('span', {class: 'arrow', 'aria-hidden': 'true'}, '→'),
    link(`/queues/${seg(subscription.queue_id)}`, subscription.queue_id, {class: 'node queue'}),
    dlq ? [
      h('span', {class: 'arrow', 'aria-hidden': 'true'}, '→'),
      link(`/queues/${seg(dlq)}`, dlq, {class: 'node dlq', title: 'dead-letter queue'}),
    ] : null);
}

/**
 * A button enabled only once the exact name is typed: for what cannot be undone. onConfirm runs with the
 * button disabled, and the input is cleared after.
 */
export function typedConfirmation({id, name, action, explanation, onConfirm}) {
  const input = h('input', {id: `${id}-confirm`, autocomplete: 'off', spellcheck: 'false'});
  const button = h('button', {type: 'submit', class: 'danger', id: `${id}-button`, disabled: true}, action);
  input.addEventListener('input', () => {
    button.disabled = input.value !== name;
  });
  const form = h('form', {class: 'confirm', id: `${id}-form`},
    h('p', {}, explanation),
    field(`Type ${name} to confirm`, input),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (input.value !== name) return;
    button.disabled = true;
    try {
      await onConfirm();
    } finally {
      input.value = '';
    }
  });
  return form;
}

/** "key=value, key=value" into an attributes object; throws on a part without '='. */
export function parseAttributes(text) {
  const attributes = {};
  for (const part of String(text || '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) throw new Error(`attributes: "${part}" is not key=value`);
    attributes[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return attributes;
}

/** A body typed into a form: JSON when it parses, otherwise the text as a JSON string. */
export function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body, attributes and label inputs of a publish form, and the message they describe. */
export function messageInputs(prefix) {
  const body = h('textarea', {id: `${prefix}-body`, rows: 5, spellcheck: 'false'}, '{"hello": "world"}');
  const attributes = h('input', {id: `${prefix}-attributes`, placeholder: 'region=eu, status=paid'});
  const label = h('input', {id: `${prefix}-label`});
  return {
    fields: [
      field('Body (JSON; anything else is sent as a string)', body),
      field('Attributes (key=value, comma-separated)', attributes),
      field('Label (optional)', label),
    ],
    message() {
      const message = {body: parseBody(body.value), attributes: parseAttributes(attributes.value)};
      if (label.value.trim()) message.label = label.value.trim();
      return message;
    },
  };
}
