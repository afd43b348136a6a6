// Dossiers: the region's dossier overview in the old Excel administration's columns, for a clerk to
// download as an Excel workbook or CSV (GET /api/v1/dossiers.xlsx and .csv: the file `exporteer`
// writes, docs/ADMINISTRATIE.md).

import { gekozenPeildatum } from '../adres.js';
import { download } from '../api.js';
import { h } from '../dom.js';

export function dossiersSectie() {
  const melding = h('p', { class: 'fout', id: 'dossiers-fout', hidden: true });
  const knop = (soort, tekst, klasse) =>
    h('button', { type: 'button', id: `dossiers-${soort}`, class: klasse, onclick: () => bewaar(soort) }, tekst);
  const excel = knop('xlsx', 'Download Excel');
  const csv = knop('csv', 'CSV', 'klein');
  const el = h(
    'section',
    { id: 'dossiers', class: 'sectie' },
    h('header', {}, h('h2', {}, 'Dossiers'), h('div', { class: 'knoppen' }, excel, csv)),
    h(
      'p',
      {},
      'Alle dossiers van de regio in de kolommen van de oude Excel-administratie, met hun fase en signalen (zonder BSN). ' +
        'Het tweede blad van het Excel-bestand noemt de peildatum en de positie in het log.',
    ),
    melding,
  );
  async function bewaar(soort) {
    excel.disabled = true;
    csv.disabled = true;
    el.dataset.download = 'bezig';
    try {
      // The peildatum chosen in the header at the click; without one, the node's today.
      const peildatum = gekozenPeildatum();
      el.dataset.bestand = await download(`/api/v1/dossiers.${soort}`, { peildatum }, { standaardNaam: `dossiers.${soort}` });
      melding.hidden = true;
      melding.textContent = '';
      el.dataset.download = 'klaar';
    } catch (e) {
      melding.hidden = false;
      melding.textContent = `Downloaden lukte niet: ${e.message}`;
      el.dataset.download = 'fout';
    } finally {
      excel.disabled = false;
      csv.disabled = false;
    }
  }

  return {
    el,
    async vernieuw() {}, // nothing to fetch until a button is clicked
  };
}
