// Taakstelling per gemeente per periode: taakstelling, gerealiseerd and the saldo, a voorsprong
// in green and an achterstand in red, and a chart of taakstelling against gerealiseerd.

import { haal } from '../api.js';
import { staafDiagram } from '../charts.js';
import { cel, h, tabel, vervang } from '../dom.js';
import { getal, orgNaam, periodeVan, periodeVanDatum, saldo } from '../format.js';

export function taakstellingSectie() {
  const keuze = h('select', { id: 'taakstelling-periode', 'aria-label': 'Periode' });
  const canvas = h('canvas', { 'aria-label': 'Taakstelling en gerealiseerd per gemeente' });
  const inhoud = h('div');
  // The periode of the peildatum (today's by this browser's clock without one), until the reader picks one.
  let gekozen = periodeVan(new Date());
  let zelfGekozen = false;
  keuze.addEventListener('change', () => {
    gekozen = keuze.value;
    zelfGekozen = true;
    toon();
  });
  let regels = [];

  const el = h(
    'section',
    { id: 'taakstelling', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Taakstelling'), h('label', {}, 'Periode ', keuze)),
    h('div', { class: 'grafiek' }, canvas),
    inhoud,
  );

  function toon() {
    const periodes = [...new Set(regels.map((r) => r.periode))].sort();
    if (periodes.length && !periodes.includes(gekozen) && gekozen !== '') gekozen = periodes[periodes.length - 1];
    vervang(keuze,
      h('option', { value: '', selected: gekozen === '' }, 'Alle periodes'),
      ...periodes.map((p) => h('option', { value: p, selected: p === gekozen }, p)),
    );
    const zichtbaar = regels.filter((r) => gekozen === '' || r.periode === gekozen);
    vervang(inhoud,
      tabel(
        [
          { label: 'Gemeente' },
          { label: 'Periode' },
          { label: 'Taakstelling', class: 'getal' },
          { label: 'Startsaldo', class: 'getal' },
          { label: 'Gerealiseerd', class: 'getal' },
          { label: 'Overboekingen in', class: 'getal' },
          { label: 'Overboekingen uit', class: 'getal' },
          { label: 'Saldo', class: 'getal' },
          { label: 'Nog te huisvesten', class: 'getal' },
        ],
        zichtbaar.map((r) =>
          h(
            'tr',
            { 'data-gemeente': r.gemeente, 'data-periode': r.periode },
            cel(orgNaam(r.gemeente)),
            cel(r.periode),
            cel(getal(r.taakstelling), { class: 'getal', veld: 'taakstelling' }),
            cel(saldo(r.startsaldo), { class: 'getal', veld: 'startsaldo' }),
            cel(getal(r.gerealiseerd), { class: 'getal', veld: 'gerealiseerd' }),
            cel(getal(r.overboekingen_in), { class: 'getal', veld: 'overboekingen_in' }),
            cel(getal(r.overboekingen_uit), { class: 'getal', veld: 'overboekingen_uit' }),
            cel(
              [
                h('span', { 'data-waarde': r.eindsaldo }, saldo(r.eindsaldo)),
                r.eindsaldo > 0 ? h('span', { class: 'label' }, 'voorsprong') : null,
                r.eindsaldo < 0 ? h('span', { class: 'label' }, 'achterstand') : null,
              ],
              {
                class: `getal ${r.eindsaldo > 0 ? 'voorsprong' : r.eindsaldo < 0 ? 'achterstand' : ''}`,
                veld: 'eindsaldo',
              },
            ),
            cel(getal(r.nog_te_huisvesten), { class: 'getal', veld: 'nog_te_huisvesten' }),
          ),
        ),
        { leeg: 'Nog geen taakstelling in deze periode.' },
      ),
    );
    staafDiagram(canvas, {
      labels: zichtbaar.map((r) => (gekozen === '' ? `${orgNaam(r.gemeente)} ${r.periode}` : orgNaam(r.gemeente))),
      datasets: [
        { label: 'Taakstelling', data: zichtbaar.map((r) => r.taakstelling), kleur: '#9aa5b1' },
        { label: 'Gerealiseerd', data: zichtbaar.map((r) => r.gerealiseerd), kleur: '#2186eb' },
        { label: 'Nog te huisvesten', data: zichtbaar.map((r) => r.nog_te_huisvesten), kleur: '#e12d39' },
      ],
    });
  }

  return {
    el,
    async vernieuw({ positie, peildatum }) {
      regels = (await haal('/api/v1/taakstelling', { positie, peildatum })).regels;
      if (!zelfGekozen) gekozen = peildatum ? periodeVanDatum(peildatum) : periodeVan(new Date());
      toon();
    },
  };
}
