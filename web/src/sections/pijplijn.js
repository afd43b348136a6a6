// Pijplijn per gemeente: how many dossiers are in each fase, as a stacked bar per gemeente.

import { haal } from '../api.js';
import { staafDiagram } from '../charts.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { FASEN, getal, orgNaam } from '../format.js';

export function pijplijnSectie() {
  const canvas = h('canvas', { 'aria-label': 'Dossiers per fase per gemeente' });
  const inhoud = h('div');
  const el = h(
    'section',
    { id: 'pijplijn', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Pijplijn')),
    h('div', { class: 'grafiek' }, canvas),
    inhoud,
  );

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      const gemeenten = (await haal('/api/v1/pijplijn', { positie, peildatum })).gemeenten;
      vervang(inhoud,
        tabel(
          [
            { label: 'Gemeente' },
            ...FASEN.map((f) => ({ label: f.label, class: 'getal' })),
            { label: 'Personen wachtend', class: 'getal' },
          ],
          gemeenten.map((g) =>
            h(
              'tr',
              { 'data-gemeente': g.gemeente },
              cel(orgNaam(g.gemeente)),
              FASEN.map((f) => cel(getal(g[f.veld]), { class: 'getal', veld: f.veld })),
              cel(getal(g.personen_wachtend), { class: 'getal', veld: 'personen_wachtend' }),
            ),
          ),
          { leeg: 'Nog geen dossiers.' },
        ),
      );
      staafDiagram(canvas, {
        labels: gemeenten.map((g) => orgNaam(g.gemeente)),
        datasets: FASEN.map((f) => ({ label: f.label, data: gemeenten.map((g) => g[f.veld]), kleur: f.kleur })),
        gestapeld: true,
        liggend: true,
      });
    },
  };
}
