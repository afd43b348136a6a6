// The node's API, with the token the page was opened with (#token=…, kept in sessionStorage: the
// fragment is never sent to a server, and the token travels only in the Authorization header).

const SLEUTEL = 'regiotafel-token';

// Takes a token from the URL fragment into sessionStorage and removes it from the address bar.
export function neemTokenUitUrl() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    sessionStorage.setItem(SLEUTEL, token);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : '#/'));
  }
}

export function headers() {
  const token = sessionStorage.getItem(SLEUTEL);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export class ApiFout extends Error {
  constructor(status, bericht) {
    super(bericht);
    this.status = status;
  }
}

// GET `pad` (with `params`), the body as JSON; an ApiFout with the node's own error text otherwise.
export async function haal(pad, params = {}, { signal } = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined));
  const url = query.toString() ? `${pad}?${query}` : pad;
  const response = await fetch(url, { headers: headers(), signal, cache: 'no-store' });
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const bericht = body?.error ?? `HTTP ${response.status}`;
    throw new ApiFout(response.status, response.status === 401 ? `${bericht} — open het dashboard met #token=<token> achter het adres` : bericht);
  }
  return body;
}
