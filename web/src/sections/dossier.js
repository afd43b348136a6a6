// One dossier: its current state and its whole history — every event, who published it and when
// (GET /api/v1/dossiers/{v}/historie); for the gemeente it is linked to, "Vergeet dit dossier" (vergeet.js).

import { naar } from '../adres.js';
import { ApiFout, haal } from '../api.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { datum, eventLabel, faseLabel, orgNaam, SIGNALEN, tijdstip } from '../format.js';
import { magVergeten, vergeetStap } from './vergeet.js';

// A payload as "key: value" lines; nested lists and objects as compact JSON.
function details(payload) {
  return h(
    'dl',
    { class: 'payload' },
    Object.entries(payload)
      .filter(([, v]) => v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [h('dt', {}, k.replaceAll('_', ' ')), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))]),
  );
}

// `toegang`: {organisatie, rol} of the node and its token (main.js), for what the page may offer.
export function dossierPagina(vNummer, toegang) {
  const kop = h('div');
  const vergeet = vergeetStap(vNummer);
  const historie = h('div');
  const terug = h('a', { href: naar('/') }, '← terug naar het overzicht');
  const el = h(
    'section',
    { id: 'dossier', class: 'sectie', 'data-v-nummer': vNummer },
    h('header', {}, h('h2', {}, `Dossier ${vNummer}`), terug),
    kop,
    vergeet.el,
    h('h3', {}, 'Historie'),
    historie,
  );

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      terug.href = naar('/');
      let dossier;
      let events;
      try {
        [dossier, { events }] = await Promise.all([
          haal(`/api/v1/dossiers/${encodeURIComponent(vNummer)}`, { positie, peildatum }),
          haal(`/api/v1/dossiers/${encodeURIComponent(vNummer)}/historie`, { positie, peildatum }),
        ]);
      } catch (e) {
        if (e instanceof ApiFout && (e.status === 404 || e.status === 400)) {
          vervang(kop, h('p', { class: 'leeg' }, e.message));
          vervang(historie);
          vergeet.toon({ mag: false, vergeten: false, peildatum });
          return;
        }
        throw e;
      }
      const veld = (label, waarde, naam) => [h('dt', {}, label), h('dd', { 'data-veld': naam }, waarde || '—')];
      vervang(kop,
        h(
          'dl',
          { class: 'dossier-velden' },
          veld('Naam', dossier.naam, 'naam'),
          veld('Fase', faseLabel(dossier.fase), 'fase'),
          veld('Gekoppeld aan', orgNaam(dossier.gemeente, { soort: true }), 'gemeente'),
          veld('Koppeldatum', datum(dossier.koppeldatum)),
          veld('Huishouden', `${dossier.huishouden} personen, ${dossier.verwachte_nareizigers} nareizigers verwacht`),
          veld('Verblijfplaats', dossier.verblijfplaats),
          veld('Woning', dossier.woning_id ? `${dossier.woning_id} (${orgNaam(dossier.corporatie)})` : ''),
          veld('Woongemeente', dossier.woongemeente ? orgNaam(dossier.woongemeente) : ''),
          veld('Ingangsdatum huurcontract', dossier.datum_huurcontract ? datum(dossier.datum_huurcontract) : ''),
          veld('BRP-inschrijving', dossier.datum_brp ? datum(dossier.datum_brp) : ''),
          veld('Begeleiding', dossier.begeleiding),
          veld('Signalen', dossier.signalen.map((s) => SIGNALEN[s] ?? s).join(', ')),
        ),
      );
      vergeet.toon({ mag: magVergeten(toegang, dossier), vergeten: dossier.vergeten, peildatum });
      vervang(historie,
        tabel(
          [
            { label: 'Positie', class: 'getal' },
            { label: 'Datum' },
            { label: 'Gebeurtenis' },
            { label: 'Gepubliceerd door' },
            { label: 'Vastgelegd op' },
            { label: 'Gegevens' },
          ],
          events.map((e) =>
            h(
              'tr',
              { 'data-positie': e.position, 'data-event': e.event },
              cel(String(e.position), { class: 'getal', veld: 'position' }),
              cel(datum(e.datum), { veld: 'datum' }),
              cel(eventLabel(e.event), { veld: 'event' }),
              cel(orgNaam(e.origin, { soort: true }), { veld: 'origin' }),
              cel(tijdstip(e.recorded_at), { veld: 'recorded_at' }),
              cel(details(e.payload)),
            ),
          ),
        ),
      );
    },
  };
}
