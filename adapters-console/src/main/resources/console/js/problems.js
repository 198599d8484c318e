// What an operator should look at first, from a queue's latest figures and its last hour. Pure functions: the
// overview and the queue page show the same words.

/** An available message waiting longer than this is worth a look. */
export const OLD_SECONDS = 300;

/** With messages waiting, no receive for this long means nobody is consuming. */
export const IDLE_SECONDS = 300;

/**
 * The problems of one queue: [{kind, text}]. stats: its counts and rates (a row of /v1/stats); points: its
 * history, oldest first; deadLetterFor: the queues it is the dead-letter queue of; now: milliseconds; arriving:
 * the rate at which those queues dead-letter messages into it (a move is not a publish on the dead-letter queue).
 */
export function problems(stats, points = [], deadLetterFor = [], now = Date.now(), arriving = 0) {
  const found = [];
  if (!stats) return found;
  const available = stats.available || 0;
  const rates = stats.rates || null;
  if (growing(points, now)) {
    found.push({kind: 'growing', text: 'backlog growing'});
  }
  if ((stats.oldest_available_age_seconds || 0) > OLD_SECONDS) {
    found.push({kind: 'old', text: `oldest message waiting ${Math.round(stats.oldest_available_age_seconds / 60)} min`});
  }
  if (rates && rates.dead_lettered > 0) {
    found.push({kind: 'dead-letters', text: 'messages being dead-lettered'});
  }
  if (deadLetterFor.length > 0 && arriving > 0) {
    found.push({kind: 'dead-letters', text: 'dead letters arriving'});
  } else if (deadLetterFor.length > 0 && (stats.total || 0) > 0) {
    found.push({kind: 'dead-letters', text: `holds ${stats.total} dead letter${stats.total === 1 ? '' : 's'}`});
  }
  // A dead-letter queue is read by people, not consumers: nobody receiving is its normal state.
  if (available > 0 && deadLetterFor.length === 0 && idle(points, now)) {
    found.push({kind: 'idle', text: 'nobody receiving'});
  }
  return found;
}

/** Whether samples cover the last IDLE_SECONDS (a new queue's do not) and no message was received in them. */
export function idle(points, now) {
  const since = now - IDLE_SECONDS * 1000;
  const sampled = points.filter((point) => point.available !== null && point.available !== undefined);
  if (sampled.length === 0 || Date.parse(sampled[0].at) > since) return false;
  return points
    .filter((point) => Date.parse(point.at) >= since - 1)
    .every((point) => !point.rates || point.rates.received === 0);
}

/** The backlog must have grown by this many messages (and by half) over GROWTH_SECONDS to count as growing. */
export const GROWTH_MESSAGES = 10;

export const GROWTH_SECONDS = 600;

/**
 * Whether the available count rose steadily over the last GROWTH_SECONDS: by at least GROWTH_MESSAGES and half
 * of where it started, falling back at most once. A backlog that rises and falls as consumers catch up does not.
 */
export function growing(points, now = Date.now()) {
  const since = now - GROWTH_SECONDS * 1000;
  const recent = points
    .filter((point) => point.available !== null && point.available !== undefined && Date.parse(point.at) >= since)
    .map((point) => point.available);
  if (recent.length < 3) return false;
  let falls = 0;
  for (let i = 1; i < recent.length; i += 1) {
    if (recent[i] < recent[i - 1]) falls += 1;
  }
  const first = recent[0];
  const last = recent[recent.length - 1];
  return falls <= 1 && last - first >= Math.max(GROWTH_MESSAGES, first / 2);
}
