// The dashboard: an overview (taakstelling, pijplijn, signalen, corporaties, woningen, and the dossiers
// to download for Excel) and a page per dossier (#/dossier/V-NUMMER). Everything shown is fetched
// again, pinned to one log position, whenever the node announces a new head on its stream: live,
// without a reload.

import './style.css';
import { haal, neemTokenUitUrl } from './api.js';
import { h } from './dom.js';
import { getal, orgNaam } from './format.js';
import { corporatiesSectie } from './sections/corporaties.js';
import { dossierPagina } from './sections/dossier.js';
import { dossiersSectie } from './sections/dossiers.js';
import { pijplijnSectie } from './sections/pijplijn.js';
import { signalenSectie } from './sections/signalen.js';
import { taakstellingSectie } from './sections/taakstelling.js';
import { woningenSectie } from './sections/woningen.js';
import { volgStroom } from './stream.js';

neemTokenUitUrl();

const status = h('span', { id: 'live', 'data-status': 'verbinden' }, 'Verbinden…');
const fout = h('div', { id: 'fout', class: 'fout', hidden: true });
const pagina = h('main');
let organisatie = '';
let secties = [];
let kop = null; // the latest head the stream announced
let getoond = -1; // the position the page shows
let bezig = false;
let nogEens = false;

function meldFout(e) {
  fout.hidden = !e;
  fout.textContent = e ? `Fout: ${e.message}` : '';
}

// Fetches every section again at the latest head; a head that arrives meanwhile gets a run of its own.
async function vernieuw() {
  if (bezig) {
    nogEens = true;
    return;
  }
  bezig = true;
  try {
    do {
      nogEens = false;
      const begin = performance.now();
      const positie = kop?.position;
      try {
        await Promise.all(secties.map((s) => s.vernieuw({ positie })));
        meldFout(null);
        if (positie !== undefined) {
          getoond = positie;
          document.body.dataset.positie = String(positie);
        }
      } catch (e) {
        meldFout(e);
      }
      // While the log grows fast, a round at most every 250 ms: live enough, and the node is not hammered.
      if (nogEens) await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - begin))));
    } while (nogEens);
  } finally {
    bezig = false;
    toonStatus();
  }
}

let verbinding = 'verbinden';
function toonStatus() {
  status.dataset.status = verbinding;
  const tekst = {
    verbinden: 'Verbinden…',
    live: 'Live',
    verbroken: 'Verbinding verbroken — opnieuw verbinden…',
    'geen-toegang': 'Geen toegang tot de stroom: open het dashboard met #token=<token>',
  }[verbinding];
  status.textContent = getoond >= 0 ? `${tekst} · positie ${getal(getoond)}` : tekst;
}

function route() {
  const match = location.hash.match(/^#\/dossier\/([^/]+)$/);
  if (match) {
    secties = [dossierPagina(decodeURIComponent(match[1]))];
  } else {
    secties = [taakstellingSectie(), pijplijnSectie(), dossiersSectie(), corporatiesSectie(), signalenSectie({ organisatie }), woningenSectie()];
  }
  pagina.replaceChildren(...secties.map((s) => s.el));
  vernieuw();
}

function zoekDossier(event) {
  event.preventDefault();
  const v = new FormData(event.target).get('v_nummer').trim();
  if (v) location.hash = `#/dossier/${encodeURIComponent(v)}`;
}

async function start() {
  try {
    organisatie = (await haal('/healthz')).organisatie;
  } catch (e) {
    meldFout(e);
  }
  document.title = `Regiotafel — ${orgNaam(organisatie, { soort: true })}`;
  document.body.append(
    h(
      'header',
      { class: 'kop' },
      h('h1', {}, h('a', { href: '#/' }, 'Regiotafel')),
      h('span', { class: 'organisatie', id: 'organisatie', 'data-organisatie': organisatie }, orgNaam(organisatie, { soort: true })),
      h(
        'nav',
        {},
        ['taakstelling', 'pijplijn', 'dossiers', 'corporaties', 'signalen', 'woningen'].map((id) =>
          h('a', { href: '#/', onclick: (e) => springNaar(e, id) }, id.charAt(0).toUpperCase() + id.slice(1)),
        ),
      ),
      h(
        'form',
        { class: 'zoek', onsubmit: zoekDossier },
        h('input', { name: 'v_nummer', placeholder: 'V-nummer', 'aria-label': 'Dossier zoeken op V-nummer', inputmode: 'numeric' }),
        h('button', { type: 'submit' }, 'Dossier'),
      ),
      status,
    ),
    fout,
    pagina,
  );
  window.addEventListener('hashchange', route);
  route();
  volgStroom({
    onKop: (k) => {
      kop = k;
      vernieuw();
    },
    onStatus: (s) => {
      verbinding = s;
      toonStatus();
    },
  });
}

function springNaar(event, id) {
  event.preventDefault();
  if (location.hash.startsWith('#/dossier/')) location.hash = '#/';
  requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' }));
}

start();
