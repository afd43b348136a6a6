// Corporaties: their pace against the afspraak (verwacht by now) and their share of the woningen
// that came free, which should not pass 10 % (DOMAIN.md §5).

import { haal } from '../api.js';
import { staafDiagram } from '../charts.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { getal, orgNaam, saldo } from '../format.js';

export function corporatiesSectie() {
  const canvas = h('canvas', { 'aria-label': 'Huurcontracten en verwacht per corporatie' });
  const inhoud = h('div');
  const el = h(
    'section',
    { id: 'corporaties', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Corporaties')),
    h('div', { class: 'grafiek' }, canvas),
    inhoud,
  );

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      const regels = (await haal('/api/v1/corporaties', { positie, peildatum })).regels;
      vervang(inhoud,
        tabel(
          [
            { label: 'Corporatie' },
            { label: 'Periode' },
            { label: 'Afspraak', class: 'getal' },
            { label: 'Huurcontracten', class: 'getal' },
            { label: 'Verwacht tot nu', class: 'getal' },
            { label: 'Voor/achter', class: 'getal' },
            { label: 'Vrijgekomen', class: 'getal' },
            { label: 'Aandeel', class: 'getal' },
          ],
          regels.map((r) =>
            h(
              'tr',
              { 'data-corporatie': r.corporatie, 'data-periode': r.periode },
              cel(orgNaam(r.corporatie)),
              cel(r.periode),
              cel(getal(r.afspraak), { class: 'getal', veld: 'afspraak' }),
              cel(getal(r.huurcontracten), { class: 'getal', veld: 'huurcontracten' }),
              cel(getal(r.verwacht), { class: 'getal', veld: 'verwacht' }),
              cel(saldo(r.voor_achter), {
                class: `getal ${r.voor_achter > 0 ? 'voorsprong' : r.voor_achter < 0 ? 'achterstand' : ''}`,
                veld: 'voor_achter',
              }),
              cel(getal(r.vrijgekomen), { class: 'getal', veld: 'vrijgekomen' }),
              cel(
                [
                  `${r.aandeel_procent.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`,
                  r.boven_10_procent ? h('span', { class: 'label' }, 'boven 10 %') : null,
                ],
                { class: `getal ${r.boven_10_procent ? 'boven-grens' : ''}`, veld: 'aandeel_procent' },
              ),
            ),
          ),
          { leeg: 'Nog geen afspraken of huurcontracten.' },
        ),
      );
      staafDiagram(canvas, {
        labels: regels.map((r) => `${orgNaam(r.corporatie)} ${r.periode}`),
        datasets: [
          { label: 'Afspraak', data: regels.map((r) => r.afspraak), kleur: '#9aa5b1' },
          { label: 'Verwacht tot nu', data: regels.map((r) => r.verwacht), kleur: '#f0b429' },
          { label: 'Huurcontracten', data: regels.map((r) => r.huurcontracten), kleur: '#2186eb' },
        ],
      });
    },
  };
}
