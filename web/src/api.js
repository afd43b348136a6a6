// The node's API, with the token the page was opened with (#token=…, kept in sessionStorage: the
// fragment is never sent to a server, and the token travels only in the Authorization header).

import { leesFragment, vervangFragment } from './adres.js';

const SLEUTEL = 'regiotafel-token';

// Takes a token from the URL fragment (`#token=…`, beside a peildatum if the link has one:
// `#token=…&peildatum=…`, adres.js) into sessionStorage and removes it from the address bar.
export function neemTokenUitUrl() {
  const { route, params } = leesFragment();
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem(SLEUTEL, token);
    params.delete('token');
    vervangFragment(route, params);
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

function adres(pad, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined));
  return query.toString() ? `${pad}?${query}` : pad;
}

function jsonOfNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// The node's own error text ({"error"} of its answer), else the HTTP status; on 401 how to pass a token.
function fout(response, body) {
  const bericht = body?.error ?? `HTTP ${response.status}`;
  return new ApiFout(response.status, response.status === 401 ? `${bericht} — open het dashboard met #token=<token> achter het adres` : bericht);
}

let bijPeildatum = () => {};

// Calls `f(peildatum, gevraagd)` for every view answer: the peildatum the node answered for (its
// header X-Regiotafel-Peildatum) and the one asked ('' when none was: then it is the node's today).
export function volgPeildatum(f) {
  bijPeildatum = f;
}

// GET `pad` (with `params`), the body as JSON; an ApiFout with the node's own error text otherwise.
export async function haal(pad, params = {}, { signal } = {}) {
  const response = await fetch(adres(pad, params), { headers: headers(), signal, cache: 'no-store' });
  const body = jsonOfNull(await response.text());
  if (!response.ok) throw fout(response, body);
  const peildatum = response.headers.get('X-Regiotafel-Peildatum');
  if (peildatum) bijPeildatum(peildatum, params.peildatum ?? '');
  return body;
}

// POST `body` as JSON to `pad` (with `params`), as the command lines post an event (node_client.h):
// the node's event status ({event_id, status, position, error}: 200 COMMITTED, 422 REJECTED, 202
// PENDING); an ApiFout with the node's own error text when it refuses at the door (400, 401, 403, …).
export async function stuur(pad, body, params = {}) {
  const response = await fetch(adres(pad, params), {
    method: 'POST',
    headers: { ...headers(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  const antwoord = jsonOfNull(await response.text());
  if ([200, 202, 422].includes(response.status) && antwoord?.status) return antwoord;
  throw fout(response, antwoord);
}

// GET a file (`pad` with `params`) and save it as the browser saves a download, under the name the
// node gives in Content-Disposition (else `standaardNaam`): the token goes in the header, so the file
// is fetched here and handed to a temporary <a download> as a blob URL. An ApiFout with the node's
// own error text when it refuses. Returns the name saved under.
export async function download(pad, params = {}, { standaardNaam = 'download' } = {}) {
  const response = await fetch(adres(pad, params), { headers: headers(), cache: 'no-store' });
  if (!response.ok) throw fout(response, jsonOfNull(await response.text()));
  const blob = await response.blob();
  const naam = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? standaardNaam;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = naam;
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Not at once: Chromium holds the blob from the click on, but some browsers start the download
    // only after this task; the blob's memory is free again once it is revoked.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return naam;
}
