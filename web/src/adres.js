// The page's place lives in the URL fragment, which a browser never sends to a server:
//
//   #/                                   the overview, at the node's today
//   #/?peildatum=2026-06-30              the overview as it stood on 30 June
//   #/dossier/1234567890?peildatum=…     a dossier page, at a peildatum or today
//
// A fragment without a route is the overview: `#token=…` (how a token is handed over, api.js) and
// `#peildatum=…`. So a link can be shared with its peildatum, and the token never goes along: the
// page takes it out at once, and the links it writes (naar) carry the peildatum alone.

// The route (`/` or `/dossier/<v_nummer>`) and the parameters of a fragment.
export function leesFragment(hash = location.hash) {
  const tekst = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!tekst.startsWith('/')) return { route: '/', params: new URLSearchParams(tekst) };
  const vraag = tekst.indexOf('?');
  return {
    route: vraag < 0 ? tekst : tekst.slice(0, vraag),
    params: new URLSearchParams(vraag < 0 ? '' : tekst.slice(vraag + 1)),
  };
}

export function schrijfFragment(route, params) {
  const query = params.toString();
  return `#${route}${query ? `?${query}` : ''}`;
}

// Replaces the address bar's fragment without a new history entry (and without a hashchange).
export function vervangFragment(route, params) {
  history.replaceState(history.state, '', location.pathname + location.search + schrijfFragment(route, params));
}

// The peildatum the page was asked for (YYYY-MM-DD as written in the fragment), '' for the node's today.
export function gekozenPeildatum() {
  return leesFragment().params.get('peildatum') ?? '';
}

// A link within the page to `route`, with the page's peildatum.
export function naar(route) {
  const params = new URLSearchParams();
  const peildatum = gekozenPeildatum();
  if (peildatum) params.set('peildatum', peildatum);
  return schrijfFragment(route, params);
}

// Sets (or with '' removes) the peildatum in the address bar, keeping the route.
export function zetPeildatum(peildatum) {
  const { route, params } = leesFragment();
  if (peildatum) params.set('peildatum', peildatum);
  else params.delete('peildatum');
  params.delete('token');
  vervangFragment(route, params);
}
