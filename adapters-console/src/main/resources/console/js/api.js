// The console's one way to the server: the public /v1 API, with the tab's token when there is one.

import {session} from './auth.js';

// The API sits beside the console: /console/ → /v1/, also behind a proxy that mounts both under a prefix.
const ROOT = new URL('../v1/', document.baseURI);

/** An answer other than 2xx: its status and the API's messages (422 lists several). */
export class ApiError extends Error {
  constructor(status, body) {
    const messages = body && Array.isArray(body.errors)
      ? body.errors.map(String)
      : [body && body.message ? String(body.message) : `the server answered ${status}`];
    super(messages.join('; '));
    this.status = status;
    this.messages = messages;
  }
}

let onUnauthorized = () => {};

/** What to do when the server refuses the tab's token (ended, revoked): the app asks for a login again. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API and answers the parsed JSON body (null for 204). Options: body (sent as JSON), query (an
 * object, or URLSearchParams for repeated keys), contentType, anonymous (no token).
 */
export async function call(method, path, options = {}) {
  const url = new URL(path.replace(/^\//, ''), ROOT);
  if (options.query) {
    const params = options.query instanceof URLSearchParams ? options.query : new URLSearchParams();
    if (!(options.query instanceof URLSearchParams)) {
      for (const [key, value] of Object.entries(options.query)) {
        if (value !== null && value !== undefined && value !== '') params.append(key, String(value));
      }
    }
    url.search = params.toString();
  }
  const headers = {Accept: 'application/json'};
  const token = options.anonymous ? null : session()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType || 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, {method, headers, body, credentials: 'omit', cache: 'no-store'});
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = {message: text.slice(0, 200)};
    }
  }
  if (!response.ok) {
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path, query) => call('GET', path, {query});
export const post = (path, body) => call('POST', path, {body: body === undefined ? {} : body});
export const del = (path) => call('DELETE', path);
export const patch = (path, body) => call('PATCH', path, {body, contentType: 'application/merge-patch+json'});

/** Every item of a list call, page by page. */
export async function all(path, query = {}, pageSize = 1000) {
  const items = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await get(path, {...query, limit: pageSize, offset});
    items.push(...page.data);
    if (page.data.length < pageSize) return items;
  }
}

/** A path segment: names are plain, but never trusted to be. */
export function p(value) {
  return encodeURIComponent(value);
}
