// Woningen: every woning offered, its status and who lives in it or has it reserved.

import { naar } from '../adres.js';
import { haal } from '../api.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { getal, orgNaam, WONING_STATUS } from '../format.js';

const LIMIET = 500;

export function woningenSectie() {
  const samenvatting = h('p', { class: 'samenvatting' });
  const inhoud = h('div');
  const el = h(
    'section',
    { id: 'woningen', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Woningen')),
    samenvatting,
    inhoud,
  );

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      const body = await haal('/api/v1/woningen', { positie, peildatum, limit: LIMIET });
      const telling = {};
      for (const w of body.woningen) telling[w.status] = (telling[w.status] ?? 0) + 1;
      vervang(samenvatting,
        ...Object.entries(WONING_STATUS).map(([code, label]) =>
          h('span', { class: `status status-${code.toLowerCase()}` }, `${label}: ${getal(telling[code] ?? 0)}`),
        ),
        body.volgende ? h('span', { class: 'let-op' }, ` (de eerste ${LIMIET} woningen)`) : null,
      );
      vervang(inhoud,
        tabel(
          [
            { label: 'Woning' },
            { label: 'Corporatie' },
            { label: 'Gemeente' },
            { label: 'Status' },
            { label: 'Dossier' },
            { label: 'Dagen beschikbaar', class: 'getal' },
          ],
          body.woningen.map((w) =>
            h(
              'tr',
              { 'data-woning': w.woning_id },
              cel(w.woning_id),
              cel(orgNaam(w.corporatie)),
              cel(orgNaam(w.gemeente)),
              cel(h('span', { class: `status status-${w.status.toLowerCase()}` }, WONING_STATUS[w.status] ?? w.status), {
                veld: 'status',
              }),
              cel(w.v_nummer ? h('a', { href: naar(`/dossier/${encodeURIComponent(w.v_nummer)}`) }, w.v_nummer) : '—'),
              cel(getal(w.dagen_beschikbaar), { class: 'getal', veld: 'dagen_beschikbaar' }),
            ),
          ),
          { leeg: 'Nog geen woningen aangeboden.' },
        ),
      );
    },
  };
}
