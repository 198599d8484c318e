// The only way the console builds its page: elements and text nodes, never markup. Every value shown, message
// bodies and attributes included, goes in as text, so whatever a publisher wrote is shown, never run.

const PROPERTIES = new Set(['checked', 'disabled', 'hidden', 'required', 'selected', 'value', 'open', 'readOnly']);

/**
 * An element: h('button', {class: 'danger', onclick: purge}, 'Purge'). Children are nodes, strings (as text),
 * arrays of them, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else if (key === 'style' || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
      throw new Error('refused: ' + key);
    } else if (value !== false) {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A label and its input, tied by id: every input of the console has a label. */
export function field(labelText, input, ...after) {
  if (!input.id) input.id = uid('f');
  return h('div', {class: 'field'}, h('label', {for: input.id}, labelText), input, after);
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** An in-page link to a console route. */
export function link(route, text, props = {}) {
  return h('a', {...props, href: '#' + route}, text);
}

/** A route segment: queue, topic and message ids go into the hash encoded. */
export function seg(value) {
  return encodeURIComponent(value);
}

/** A line saying what just happened (or failed), announced to screen readers. */
export function notice(el, kind, ...text) {
  replace(el, h('p', {class: ['notice', kind], role: kind === 'error' ? 'alert' : 'status'}, ...text));
}

/** The API's messages of a failed call, one a line. */
export function errorNotice(el, error) {
  notice(el, 'error', ...(error.messages || [error.message]).map((m) => h('span', {class: 'line'}, m)));
}
