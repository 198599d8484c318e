// How figures read: counts with separators, ages and rates in words a person on call reads at a glance.

const NUMBER = new Intl.NumberFormat('en');

export function count(value) {
  return value === null || value === undefined ? '—' : NUMBER.format(value);
}

export function rate(value) {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0/s';
  if (value < 0.1) return '<0.1/s';
  return (value < 10 ? value.toFixed(1) : NUMBER.format(Math.round(value))) + '/s';
}

export function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

function two(n) {
  return String(n).padStart(2, '0');
}

export function clock(date) {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** A timestamp of the API, in the browser's time zone, to the second. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(d)}`;
}

/** A message body as one line of its JSON text, cut to fit a table cell. */
export function preview(body, max = 80) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function pretty(body) {
  return JSON.stringify(body, null, 2);
}

/** Attributes as "key=value, key=value". */
export function attributes(map) {
  const entries = Object.entries(map || {});
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
