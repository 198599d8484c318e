// API clients, when authentication is on: create (also disabled), change scopes, disable, delete. A new client's
// secret is shown once, right after it is created, and never again.

import * as api from '../api.js';
import {can} from '../auth.js';
import {errorNotice, field, h, notice, replace} from '../dom.js';
import * as fmt from '../format.js';

export function clientsView(main) {
  const list = h('div', {class: 'table-wrap', id: 'clients'});
  const messages = h('div', {class: 'messages', id: 'clients-messages'});
  const secretArea = h('div', {id: 'client-secret-area'});
  // Rows are rebuilt only when nothing is being edited, so a refresh never eats what someone is typing.
  let editing = false;
  replace(main,
    h('h1', {}, 'Clients'),
    messages,
    secretArea,
    list,
    can('clients', 'create') ? createForm() : null);

  async function refresh() {
    if (editing) return;
    const clients = await api.all('clients');
    replace(list, h('table', {class: 'clients'},
      h('caption', {class: 'visually-hidden'}, 'API clients'),
      h('thead', {}, h('tr', {}, ['Name', 'Id', 'Scopes', 'Active', 'Changed', 'Actions']
        .map((title) => h('th', {scope: 'col'}, title)))),
      h('tbody', {}, clients.map(row))));
  }

  function row(client) {
    const scopes = h('input', {
      value: client.scopes, 'aria-label': `Scopes of ${client.name}`, class: 'scopes-input',
      disabled: !can('clients', 'update', client.id),
    });
    scopes.addEventListener('focus', () => { editing = true; });
    scopes.addEventListener('blur', () => { editing = false; });
    const actions = [];
    if (can('clients', 'update', client.id)) {
      actions.push(
        h('button', {type: 'button', class: 'save-scopes',
          onclick: () => change(client, {scopes: scopes.value.trim()}, 'Scopes saved.')}, 'Save scopes'),
        h('button', {type: 'button', class: 'toggle-active', onclick: () => change(client, {is_active: !client.is_active},
          client.is_active ? 'Client disabled: its tokens stop working now.' : 'Client enabled.')},
        client.is_active ? 'Disable' : 'Enable'));
    }
    if (can('clients', 'delete', client.id)) {
      const remove = h('button', {type: 'button', class: 'danger delete-client'}, 'Delete');
      remove.addEventListener('click', async () => {
        // A second press confirms: the first only arms the button.
        if (!remove.classList.contains('armed')) {
          remove.classList.add('armed');
          remove.textContent = `Really delete ${client.name}?`;
          return;
        }
        try {
          await api.del(`clients/${api.p(client.id)}`);
          notice(messages, 'success', `Deleted client ${client.name}.`);
          await refresh();
        } catch (e) {
          errorNotice(messages, e);
        }
      });
      actions.push(remove);
    }
    return h('tr', {dataset: {client: client.id}},
      h('th', {scope: 'row'}, client.name),
      h('td', {class: 'mono'}, client.id),
      h('td', {}, scopes),
      h('td', {}, client.is_active ? 'yes' : h('span', {class: 'problem idle'}, 'disabled')),
      h('td', {}, fmt.time(client.updated_at)),
      h('td', {class: 'actions'}, actions));
  }

  async function change(client, body, done) {
    editing = false;
    try {
      await api.patch(`clients/${api.p(client.id)}`, body);
      notice(messages, 'success', done);
      await refresh();
    } catch (e) {
      errorNotice(messages, e);
    }
  }

  function createForm() {
    const name = h('input', {id: 'new-client-name', required: true});
    const scopes = h('input', {id: 'new-client-scopes', required: true, placeholder: 'queues:read queues:consume:orders'});
    const active = h('input', {id: 'new-client-active', type: 'checkbox', checked: true});
    const form = h('form', {class: 'card', id: 'create-client-form', 'aria-labelledby': 'create-client-title'},
      h('h2', {id: 'create-client-title'}, 'Create a client'),
      h('div', {class: 'row'},
        field('Name', name),
        field('Scopes (space-separated)', scopes),
        h('div', {class: 'field checkbox'}, active, h('label', {for: active.id}, 'Active'))),
      h('button', {type: 'submit', class: 'primary', id: 'create-client-button'}, 'Create client'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const created = await api.post('clients', {
          name: name.value.trim(), scopes: scopes.value.trim(), is_active: active.checked,
        });
        replace(secretArea, h('div', {class: 'card secret', role: 'status'},
          h('p', {}, `Client ${created.name} created. Its secret is shown this once: copy it now.`),
          h('dl', {class: 'details'},
            h('dt', {}, 'client_id'), h('dd', {class: 'mono', id: 'created-client-id'}, created.id),
            h('dt', {}, 'client_secret'), h('dd', {class: 'mono', id: 'created-client-secret'}, created.client_secret)),
          h('button', {type: 'button', onclick: () => replace(secretArea)}, 'I have copied it')));
        form.reset();
        active.checked = true;
        await refresh();
      } catch (e) {
        errorNotice(messages, e);
      }
    });
    return form;
  }

  return {refresh};
}
