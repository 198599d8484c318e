// The console: finds out whether the server checks tokens, routes the hash to a view, and refreshes the view's
// figures every few seconds while the tab is visible.

import * as api from './api.js';
import {authOn, can, endSession, session, setAuthEnabled} from './auth.js';
import {h, replace} from './dom.js';
import {clock} from './format.js';
import {clientsView} from './views/clients.js';
import {loginView} from './views/login.js';
import {messageView} from './views/message.js';
import {overviewView} from './views/overview.js';
import {queueView} from './views/queue.js';
import {topicView} from './views/topic.js';

const REFRESH_MS = 5000;

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const updated = document.getElementById('updated');
const who = document.getElementById('who');
const banner = document.getElementById('banner');

let current = null;
let timer = null;
// The view whose refresh is running: one at a time per view, but a new view need not wait for the old one's.
let refreshing = null;
let loginReason = null;

/** Authentication is on when the server refuses a list without a token. */
async function detectAuth() {
  try {
    await api.call('GET', 'queues', {query: {limit: 1}, anonymous: true});
    return false;
  } catch (e) {
    if (e.status === 401) return true;
    throw e;
  }
}

function route() {
  const path = location.hash.replace(/^#\/?/, '');
  return path === '' ? [] : path.split('/').map((part) => decodeURIComponent(part));
}

function viewFor(parts, context) {
  if (authOn() && !session()) {
    return loginView(main, {reason: loginReason, onLogin: () => { loginReason = null; show(); }});
  }
  const [kind, id, sub, subId] = parts;
  if (kind === 'queues' && id && sub === 'messages' && subId) return messageView(main, id, subId, context);
  if (kind === 'queues' && id) return queueView(main, id, context);
  if (kind === 'topics' && id) return topicView(main, id, context);
  if (kind === 'clients' && authOn()) return clientsView(main, context);
  return overviewView(main, context);
}

function renderChrome() {
  const items = [h('a', {href: '#/'}, 'Overview')];
  if (authOn() && session() && can('clients', 'read')) items.push(h('a', {href: '#/clients'}, 'Clients'));
  replace(nav, items);
  if (authOn() && session()) {
    replace(who,
      h('span', {class: 'client', title: 'Scopes: ' + session().scope}, `client ${session().clientId}`),
      h('button', {type: 'button', class: 'link-button', id: 'logout', onclick: logout}, 'Log out'));
  } else {
    replace(who);
  }
  if (authOn()) {
    banner.hidden = true;
    replace(banner);
  } else {
    banner.hidden = false;
    banner.className = 'banner warn';
    replace(banner, h('strong', {}, 'Authentication is off: anyone who can reach this port can change anything'));
  }
}

function logout() {
  endSession();
  show();
}

async function show() {
  if (current && current.destroy) current.destroy();
  current = null;
  renderChrome();
  replace(main);
  current = viewFor(route(), {refresh: () => refresh(), go: (hash) => { location.hash = hash; }});
  await refresh();
}

async function refresh() {
  if (!current || !current.refresh || refreshing === current) return;
  const view = current;
  refreshing = view;
  try {
    await view.refresh();
    if (view === current) {
      updated.classList.remove('stale');
      updated.textContent = `updated ${clock(new Date())}`;
    }
  } catch (e) {
    if (view === current) {
      updated.classList.add('stale');
      updated.textContent = `refresh failed at ${clock(new Date())}: ${e.message}`;
    }
  } finally {
    if (refreshing === view) refreshing = null;
  }
}

function startTimer() {
  if (timer === null) timer = setInterval(refresh, REFRESH_MS);
}

function stopTimer() {
  if (timer !== null) clearInterval(timer);
  timer = null;
}

/** Live while someone looks: no calls from a hidden tab, and fresh figures the moment it shows again. */
document.addEventListener('visibilitychange', () => {
  if (document.hidden) {
    stopTimer();
    updated.textContent += ' (paused)';
  } else {
    refresh();
    startTimer();
  }
});

api.whenUnauthorized(() => {
  endSession();
  loginReason = 'Your session has ended: log in again.';
  show();
});

window.addEventListener('hashchange', () => {
  show();
  main.focus({preventScroll: true});
});

async function start() {
  try {
    setAuthEnabled(await detectAuth());
  } catch (e) {
    replace(main, h('p', {class: 'notice error', role: 'alert'}, `Cannot reach the API: ${e.message}`));
    return;
  }
  document.body.dataset.auth = authOn() ? 'on' : 'off';
  await show();
  if (!document.hidden) startTimer();
  document.body.dataset.ready = 'true';
}

start();
