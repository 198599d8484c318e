// Charts of the stats history, drawn by uPlot (from its webjar, served beside the console) on canvases.

import uPlot from '../vendor/uplot/uPlot.esm.js';

const DEPTH = [
  ['available', 'Available', '#2563eb'],
  ['in_flight', 'In flight', '#d97706'],
  ['delayed', 'Delayed', '#7c3aed'],
];

const RATES = [
  ['published', 'Published/s', '#2563eb'],
  ['received', 'Received/s', '#059669'],
  ['acked', 'Acked/s', '#16a34a'],
  ['dead_lettered', 'Dead-lettered/s', '#dc2626'],
];

function times(points) {
  return points.map((point) => Date.parse(point.at) / 1000);
}

function value(v) {
  return v === undefined ? null : v;
}

/**
 * Steps without a sample are gaps the line spans; while there are only a few samples (a new queue, a server just
 * started) they are drawn as dots, as a line needs two.
 */
function sparse(values) {
  return values.filter((v) => v !== null).length < 3;
}

/** A sparkline of the queue's available messages, no axes, for the overview's table. */
export function sparkline(container, points) {
  const available = points.map((point) => value(point.available));
  return new uPlot({
    width: 120,
    height: 30,
    class: 'spark',
    cursor: {show: false},
    legend: {show: false},
    select: {show: false},
    axes: [{show: false}, {show: false}],
    scales: {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(1, max)]}},
    series: [{}, {
      stroke: '#2563eb', width: 1.5, fill: 'rgba(37, 99, 235, 0.15)', spanGaps: true,
      points: {show: sparse(available), size: 4},
    }],
  }, [times(points), available], container);
}

function chart(container, title, points, series, pick) {
  const width = Math.max(260, container.clientWidth || 600);
  const columns = series.map(([key]) => points.map((point) => value(pick(point, key))));
  return new uPlot({
    title,
    width,
    height: 220,
    scales: {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(1, max)]}},
    series: [{}, ...series.map(([, label, color], i) => ({
      label, stroke: color, width: 2, spanGaps: true, points: {show: sparse(columns[i]), size: 6},
    }))],
    axes: [{}, {size: 60}],
  }, [times(points), ...columns], container);
}

export function depthChart(container, points) {
  return chart(container, 'Messages', points, DEPTH, (point, key) => point[key]);
}

export function rateChart(container, points) {
  return chart(container, 'Messages per second', points, RATES, (point, key) => (point.rates ? point.rates[key] : null));
}
