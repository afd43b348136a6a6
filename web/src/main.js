// The dashboard: an overview (taakstelling, pijplijn, signalen, corporaties, woningen, the dossiers
// to download for Excel and, for the regio and gemeenten, those te vergeten) and a page per dossier
// (#/dossier/V-NUMMER), where a gemeente can forget one. Everything shown is fetched
// again, pinned to one log position, whenever the node announces a new head on its stream: live,
// without a reload. A peildatum chosen in the header (#…?peildatum=YYYY-MM-DD, adres.js) goes with
// every view call; without one the node answers for its today.

import './style.css';
import { gekozenPeildatum, leesFragment, naar, zetPeildatum } from './adres.js';
import { ApiFout, haal, neemTokenUitUrl, volgPeildatum } from './api.js';
import { h } from './dom.js';
import { datum, getal, orgNaam } from './format.js';
import { corporatiesSectie } from './sections/corporaties.js';
import { dossierPagina } from './sections/dossier.js';
import { dossiersSectie } from './sections/dossiers.js';
import { pijplijnSectie } from './sections/pijplijn.js';
import { signalenSectie } from './sections/signalen.js';
import { taakstellingSectie } from './sections/taakstelling.js';
import { teVergetenSectie, toontTeVergeten } from './sections/te-vergeten.js';
import { woningenSectie } from './sections/woningen.js';
import { volgStroom } from './stream.js';

neemTokenUitUrl();

const status = h('span', { id: 'live', 'data-status': 'verbinden' }, 'Verbinden…');
const fout = h('div', { id: 'fout', class: 'fout', hidden: true });
const pagina = h('main');
const thuis = h('a', { href: '#/' }, 'Regiotafel');
const peildatumVeld = h('input', { type: 'date', id: 'peildatum', 'aria-label': 'Peildatum', onchange: kiesPeildatum, onblur: () => toonPeildatum() });
const vandaagKnop = h('button', { type: 'button', id: 'vandaag', onclick: () => naarPeildatum('') }, 'Vandaag');
const noot = h('span', { id: 'peildatum-noot', class: 'noot' });
const peildatumKeuze = h(
  'div',
  { class: 'peildatum-keuze' },
  h('label', {}, 'Peildatum ', peildatumVeld),
  vandaagKnop,
  noot,
);
let organisatie = '';
let rol = 'lezen'; // what the token may do (GET /api/v1/toegang): the page offers no more
let route = ''; // the route the sections were made for
let secties = [];
let vandaag = ''; // the node's today: the peildatum of its latest answer to a call without one
let kop = null; // the latest head the stream announced
let getoond = -1; // the position the page shows
let bezig = false;
let nogEens = false;

function meldFout(e) {
  fout.hidden = !e;
  fout.textContent = e ? `Fout: ${e.message}` : '';
}

// One section at `context`. When it fails, the section shows the node's error instead of its content
// if it was a question refused (400: a peildatum the node does not take) or if what it shows is of
// another peildatum; else (a 503, a lost connection) it keeps what it showed and the error is above.
async function vernieuwSectie(sectie, context) {
  try {
    await sectie.vernieuw(context);
    sectie.peildatum = context.peildatum;
    toonSectieFout(sectie, null);
  } catch (e) {
    const anders = sectie.peildatum !== undefined && sectie.peildatum !== context.peildatum;
    if ((e instanceof ApiFout && e.status === 400) || anders || sectie.el.classList.contains('mislukt')) toonSectieFout(sectie, e);
    throw e;
  }
}

function toonSectieFout(sectie, e) {
  let melding = sectie.el.querySelector(':scope > .sectie-fout');
  if (!e) {
    melding?.remove();
    sectie.el.classList.remove('mislukt');
    return;
  }
  if (!melding) {
    melding = h('p', { class: 'fout sectie-fout' });
    sectie.el.querySelector(':scope > header').after(melding);
  }
  melding.textContent = e.message;
  sectie.el.classList.add('mislukt');
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
      const peildatum = gekozenPeildatum();
      const context = { positie, peildatum };
      const uitkomsten = await Promise.allSettled(secties.map((s) => vernieuwSectie(s, context)));
      const mislukt = uitkomsten.find((u) => u.status === 'rejected');
      if (mislukt) {
        meldFout(mislukt.reason);
        delete document.body.dataset.peildatum;
      } else {
        meldFout(null);
        if (positie !== undefined) {
          getoond = positie;
          document.body.dataset.positie = String(positie);
        }
        // The peildatum the page shows: the chosen one, else the node's today (from its answers).
        if (peildatum || vandaag) document.body.dataset.peildatum = peildatum || vandaag;
      }
      // While the log grows fast, a round at most every 250 ms: live enough, and the node is not hammered.
      if (nogEens) await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - begin))));
    } while (nogEens);
  } finally {
    bezig = false;
    toonStatus();
    toonPeildatum();
  }
}

// The header's picker as the address bar has it: the chosen date (empty for today), "Vandaag" only
// when there is one to leave, and the date the page shows in dd-mm-jjjj.
function toonPeildatum() {
  const peildatum = gekozenPeildatum();
  if (peildatumVeld.value !== peildatum && document.activeElement !== peildatumVeld) peildatumVeld.value = peildatum;
  vandaagKnop.disabled = !peildatum;
  peildatumKeuze.classList.toggle('gekozen', Boolean(peildatum));
  thuis.href = naar('/');
  const vandaagTekst = vandaag ? `vandaag: ${datum(vandaag)}` : '';
  noot.textContent = peildatum ? [`stand op ${datum(peildatum)}`, vandaagTekst].filter(Boolean).join(' · ') : vandaagTekst;
}

// The date input's choice. While a year is typed digit by digit the input already holds a date
// (0002, 0020, 0202, …): one before the year 1000 is taken as not typed yet.
function kiesPeildatum() {
  const waarde = peildatumVeld.value;
  if (waarde && !/^[1-9]\d{3}-\d{2}-\d{2}$/.test(waarde)) return;
  naarPeildatum(waarde);
}

function naarPeildatum(peildatum) {
  if (peildatum === gekozenPeildatum()) return;
  zetPeildatum(peildatum);
  if (!peildatum) peildatumVeld.value = '';
  toonPeildatum();
  vernieuw();
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

// On every change of the fragment: the sections for its route (made anew only when the route
// changed, so a new peildatum keeps the chosen periode and "alleen voor ons"), fetched at its peildatum.
function volgAdres() {
  neemTokenUitUrl(); // a token pasted into the address bar of an open page leaves it too
  const nieuw = leesFragment().route;
  if (nieuw !== route) {
    route = nieuw;
    const match = route.match(/^\/dossier\/([^/]+)$/);
    if (match) {
      secties = [dossierPagina(decodeURIComponent(match[1]), { organisatie, rol })];
    } else {
      secties = [taakstellingSectie(), pijplijnSectie(), dossiersSectie(), corporatiesSectie(), signalenSectie({ organisatie }), woningenSectie()];
      if (toontTeVergeten(organisatie)) secties.push(teVergetenSectie());
    }
    pagina.replaceChildren(...secties.map((s) => s.el));
  }
  toonPeildatum();
  vernieuw();
}

function zoekDossier(event) {
  event.preventDefault();
  const v = new FormData(event.target).get('v_nummer').trim();
  if (v) location.hash = naar(`/dossier/${encodeURIComponent(v)}`);
}

async function start() {
  try {
    organisatie = (await haal('/healthz')).organisatie;
    rol = (await haal('/api/v1/toegang')).rol;
  } catch (e) {
    meldFout(e);
  }
  document.title = `Regiotafel — ${orgNaam(organisatie, { soort: true })}`;
  volgPeildatum((peildatum, gevraagd) => {
    if (!gevraagd) vandaag = peildatum;
  });
  document.body.append(
    h(
      'header',
      { class: 'kop' },
      h('h1', {}, thuis),
      h('span', { class: 'organisatie', id: 'organisatie', 'data-organisatie': organisatie }, orgNaam(organisatie, { soort: true })),
      h(
        'nav',
        {},
        [
          ['taakstelling', 'Taakstelling'],
          ['pijplijn', 'Pijplijn'],
          ['dossiers', 'Dossiers'],
          ['corporaties', 'Corporaties'],
          ['signalen', 'Signalen'],
          ['woningen', 'Woningen'],
          toontTeVergeten(organisatie) ? ['te-vergeten', 'Te vergeten'] : null,
        ]
          .filter(Boolean)
          .map(([id, label]) => h('a', { href: '#/', onclick: (e) => springNaar(e, id) }, label)),
      ),
      h(
        'form',
        { class: 'zoek', onsubmit: zoekDossier },
        h('input', { name: 'v_nummer', placeholder: 'V-nummer', 'aria-label': 'Dossier zoeken op V-nummer', inputmode: 'numeric' }),
        h('button', { type: 'submit' }, 'Dossier'),
      ),
      peildatumKeuze,
      status,
    ),
    fout,
    pagina,
  );
  window.addEventListener('hashchange', volgAdres);
  volgAdres();
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
  if (leesFragment().route !== '/') location.hash = naar('/');
  requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' }));
}

start();
