// Whether the server checks tokens, the tab's token, and what its scopes allow. The server decides every call;
// this only keeps the console from offering what it would refuse.

const KEY = 'conveyor.console.session';

let authEnabled = false;

export function setAuthEnabled(enabled) {
  authEnabled = enabled;
}

export function authOn() {
  return authEnabled;
}

/** The tab's login: {token, scope, clientId, expiresAt}, kept for this tab only (sessionStorage). */
export function session() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY));
    if (!saved || !saved.token) return null;
    if (saved.expiresAt && Date.now() >= saved.expiresAt) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return saved;
  } catch {
    return null;
  }
}

export function startSession(clientId, answer) {
  const saved = {
    token: answer.access_token,
    scope: answer.scope || '',
    clientId,
    expiresAt: Date.now() + (answer.expires_in || 0) * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(saved));
}

export function endSession() {
  sessionStorage.removeItem(KEY);
}

/** Scopes as the server reads them: '*', or resources:action, optionally ending in :name for one resource. */
export function parseScopes(text) {
  return String(text || '')
    .split(/\s+/)
    .filter(Boolean)
    .map((scope) => {
      if (scope === '*') return {all: true};
      const [resources, action, ...rest] = scope.split(':');
      return {resources, action, name: rest.length ? rest.join(':') : null};
    });
}

/** Whether the scopes allow action on resources: on the one named, or on all of them when name is null. */
export function allows(scopes, resources, action, name = null) {
  return scopes.some((s) => s.all
    || (s.resources === resources && s.action === action && (s.name === null || s.name === name)));
}

/** Whether some scope allows the action on at least one resource of the kind: worth offering the form. */
export function allowsAny(scopes, resources, action) {
  return scopes.some((s) => s.all || (s.resources === resources && s.action === action));
}

/** What the tab may do: everything when authentication is off. */
export function can(resources, action, name = null) {
  if (!authEnabled) return true;
  return allows(parseScopes(session()?.scope), resources, action, name);
}

export function canAny(resources, action) {
  if (!authEnabled) return true;
  return allowsAny(parseScopes(session()?.scope), resources, action);
}
