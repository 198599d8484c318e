// The login form: a client id and secret for a token of /v1/oauth/token, kept for this tab only.

import * as api from '../api.js';
import {startSession} from '../auth.js';
import {field, h, notice, replace} from '../dom.js';

export function loginView(main, {reason, onLogin}) {
  const id = h('input', {id: 'login-client-id', name: 'client_id', autocomplete: 'username', required: true});
  const secret = h('input', {
    id: 'login-secret', name: 'client_secret', type: 'password', autocomplete: 'current-password', required: true,
  });
  const message = h('div', {class: 'messages'});
  if (reason) notice(message, 'info', reason);
  const form = h('form', {class: 'card login', id: 'login-form'},
    h('h1', {}, 'Log in'),
    h('p', {class: 'hint'}, 'Authentication is on: log in with an API client. The token is kept for this tab only.'),
    field('Client id', id),
    field('Client secret', secret),
    h('button', {type: 'submit', class: 'primary'}, 'Log in'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api.call('POST', 'oauth/token', {
        anonymous: true, body: {client_id: id.value.trim(), client_secret: secret.value},
      });
      startSession(id.value.trim(), answer);
      onLogin();
    } catch (e) {
      notice(message, 'error', e.status === 401 || e.status === 400 || e.status === 422
        ? 'The client id or secret is wrong, or the client is disabled.'
        : e.message);
    }
  });
  replace(main, form);
  id.focus();
  return {};
}
