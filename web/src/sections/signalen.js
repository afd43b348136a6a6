// Signalen grouped by the organisation that must act; "Alleen voor ons" asks the node for its own
// organisation's (GET /api/v1/signalen?voor=…).

import { naar } from '../adres.js';
import { haal } from '../api.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { orgNaam, SIGNALEN } from '../format.js';

const LIMIET = 1000; // a screen shows no more; the count says when there are more

export function signalenSectie({ organisatie }) {
  const voorOns = h('input', { type: 'checkbox', id: 'signalen-voor-ons' });
  const inhoud = h('div');
  const el = h(
    'section',
    { id: 'signalen', class: 'sectie' },
    h(
      'header',
      {},
      h('h2', {}, 'Signalen'),
      h('label', {}, voorOns, ` Alleen voor ons (${orgNaam(organisatie, { soort: true })})`),
    ),
    inhoud,
  );
  let laatste = { positie: undefined };
  voorOns.addEventListener('change', () => sectie.vernieuw(laatste));

  const sectie = {
    el,
    async vernieuw(context) {
      laatste = context;
      const body = await haal('/api/v1/signalen', {
        positie: context.positie,
        peildatum: context.peildatum,
        voor: voorOns.checked ? organisatie : '',
        limit: LIMIET,
      });
      const groepen = new Map();
      for (const s of body.signalen) {
        if (!groepen.has(s.voor)) groepen.set(s.voor, []);
        groepen.get(s.voor).push(s);
      }
      const volgorde = [...groepen.keys()].sort((a, b) => (a === organisatie ? -1 : b === organisatie ? 1 : a.localeCompare(b)));
      vervang(inhoud,
        body.signalen.length === 0 ? h('p', { class: 'leeg' }, 'Geen open signalen.') : null,
        body.volgende ? h('p', { class: 'let-op' }, `Alleen de eerste ${LIMIET} signalen staan hier.`) : null,
        volgorde.map((voor) =>
          h(
            'details',
            { class: 'groep', open: true, 'data-voor': voor },
            h(
              'summary',
              {},
              `${orgNaam(voor, { soort: true })}${voor === organisatie ? ' (wij)' : ''}`,
              h('span', { class: 'aantal' }, String(groepen.get(voor).length)),
            ),
            tabel(
              [{ label: 'Signaal' }, { label: 'Dossier of woning' }],
              groepen.get(voor).map((s) =>
                h(
                  'tr',
                  { 'data-code': s.code },
                  cel(SIGNALEN[s.code] ?? s.code, { veld: 'code' }),
                  cel(s.v_nummer ? h('a', { href: naar(`/dossier/${encodeURIComponent(s.v_nummer)}`) }, s.v_nummer) : `woning ${s.woning_id}`),
                ),
              ),
            ),
          ),
        ),
      );
    },
  };
  return sectie;
}
