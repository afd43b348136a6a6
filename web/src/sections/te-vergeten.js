// Te vergeten: the dossiers whose last event lies longer ago than the region's bewaartermijn and that
// are not forgotten yet (GET /api/v1/te-vergeten, projections/te_vergeten.h). The view holds no
// personal data: v_nummer, gemeente, fase and dates. Each row links to the dossier's page, where the
// gemeente it is linked to can forget it (vergeet.js).

import { naar } from '../adres.js';
import { haal } from '../api.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { datum, faseLabel, getal, orgNaam } from '../format.js';

const LIMIET = 500; // a screen shows no more; `toon te-vergeten` and `exporteer te-vergeten` give all

// Only the regio and the gemeenten keep to the bewaartermijn: they may forget a dossier (contract
// roles G and R); a corporatie, COA and VluchtelingenWerk have nothing to do with the list.
export function toontTeVergeten(organisatie) {
  return ['gemeente', 'regio'].includes(organisatie.split(':')[0]);
}

export function teVergetenSectie() {
  const aantal = h('span', { class: 'aantal', id: 'te-vergeten-aantal' });
  const inhoud = h('div');
  const el = h(
    'section',
    { id: 'te-vergeten', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Te vergeten', aantal)),
    h(
      'p',
      {},
      'Dossiers waarvan de laatste gebeurtenis langer geleden is dan de bewaartermijn van de regio. ' +
        'Hun persoonsgegevens moeten vergeten worden: de gekoppelde gemeente doet dat op de pagina van het dossier.',
    ),
    inhoud,
  );

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      const { dossiers } = await haal('/api/v1/te-vergeten', { positie, peildatum });
      aantal.textContent = getal(dossiers.length);
      vervang(inhoud,
        dossiers.length > LIMIET
          ? h('p', { class: 'let-op' }, `Alleen de eerste ${getal(LIMIET)} van de ${getal(dossiers.length)} dossiers staan hier.`)
          : null,
        tabel(
          [
            { label: 'Dossier' },
            { label: 'Gemeente' },
            { label: 'Fase' },
            { label: 'Laatste gebeurtenis' },
            { label: 'Te vergeten sinds' },
          ],
          dossiers.slice(0, LIMIET).map((d) =>
            h(
              'tr',
              { 'data-v-nummer': d.v_nummer, 'data-gemeente': d.gemeente },
              cel(h('a', { href: naar(`/dossier/${encodeURIComponent(d.v_nummer)}`) }, d.v_nummer), { veld: 'v_nummer' }),
              cel(orgNaam(d.gemeente), { veld: 'gemeente' }),
              cel(faseLabel(d.fase), { veld: 'fase' }),
              cel(datum(d.laatste_datum), { veld: 'laatste_datum' }),
              cel(datum(d.te_vergeten_sinds), { veld: 'te_vergeten_sinds' }),
            ),
          ),
          { leeg: 'Geen dossiers waarvan de bewaartermijn verstreken is.' },
        ),
      );
    },
  };
}
