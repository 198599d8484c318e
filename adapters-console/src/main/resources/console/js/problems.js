// What an operator should look at first, from a queue's latest figures and its last hour. Pure functions: the
// overview and the queue page show the same words.

/** An available message waiting longer than this is worth a look. */
export const OLD_SECONDS = 300;

/** With messages waiting, no receive for this long means nobody is consuming. */
export const IDLE_SECONDS = 300;

/**
 * The problems of one queue: [{kind, text}]. stats: a row of /v1/stats (rates may be missing); points: its
 * history, oldest first; deadLetterFor: the queues it is the dead-letter queue of; now: milliseconds.
 */
export function problems(stats, points = [], deadLetterFor = [], now = Date.now()) {
  const found = [];
  if (!stats) return found;
  const available = stats.available || 0;
  const rates = stats.rates || null;
  if (growing(points)) {
    found.push({kind: 'growing', text: 'backlog growing'});
  }
  if ((stats.oldest_available_age_seconds || 0) > OLD_SECONDS) {
    found.push({kind: 'old', text: `oldest message waiting ${Math.round(stats.oldest_available_age_seconds / 60)} min`});
  }
  if (rates && rates.dead_lettered > 0) {
    found.push({kind: 'dead-letters', text: 'messages being dead-lettered'});
  }
  if (deadLetterFor.length > 0 && rates && rates.published > 0) {
    found.push({kind: 'dead-letters', text: 'dead letters arriving'});
  } else if (deadLetterFor.length > 0 && (stats.total || 0) > 0) {
    found.push({kind: 'dead-letters', text: `holds ${stats.total} dead letter${stats.total === 1 ? '' : 's'}`});
  }
  if (available > 0 && rates && rates.received === 0) {
    const last = stats.last_received_at ? Date.parse(stats.last_received_at) : null;
    if (last === null || now - last > IDLE_SECONDS * 1000) {
      found.push({kind: 'idle', text: 'nobody receiving'});
    }
  }
  return found;
}

/** Whether the available count rose over the last five samples without ever falling. */
export function growing(points) {
  const recent = points.map((point) => point.available).filter((v) => v !== null && v !== undefined).slice(-5);
  if (recent.length < 3) return false;
  for (let i = 1; i < recent.length; i += 1) {
    if (recent[i] < recent[i - 1]) return false;
  }
  return recent[recent.length - 1] > recent[0];
}
