// "Vergeet dit dossier" on a dossier's page: a confirm step (what is erased and what stays, the
// reden, the V-nummer typed once more), then the DossierVergeten posted to the node's events API as
// `vergeet` on the command line posts it (services/organisation/vergeet_command.cc). Offered only
// where the node would take it (DOMAIN §4: G linked, R): the regio's node, or a gemeente's for a
// dossier linked to it; a token that may write (GET /api/v1/toegang); a dossier not forgotten, at
// today's stand. The node checks it all again.

import { ApiFout, stuur } from '../api.js';
import { h } from '../dom.js';
import { getal, isoDatum, REDENEN_VERGETEN } from '../format.js';

// Whether this page may offer to forget `dossier`: `organisatie` and `rol` are the node's and its
// token's (main.js).
export function magVergeten({ organisatie, rol }, dossier) {
  const wie = organisatie.startsWith('regio:') || (organisatie.startsWith('gemeente:') && dossier.gemeente === organisatie);
  return wie && rol === 'schrijven' && !dossier.vergeten;
}

export function vergeetStap(vNummer) {
  const reden = h(
    'select',
    { id: 'vergeet-reden', name: 'reden', onchange: () => toonKnoppen() },
    h('option', { value: '' }, 'Kies een reden…'),
    Object.entries(REDENEN_VERGETEN).map(([code, label]) => h('option', { value: code }, label)),
  );
  const herhaald = h('input', {
    id: 'vergeet-v-nummer',
    name: 'v_nummer',
    autocomplete: 'off',
    spellcheck: 'false',
    inputmode: 'numeric',
    oninput: () => toonKnoppen(),
  });
  const ja = h('button', { type: 'submit', id: 'vergeet-ja', class: 'gevaar', disabled: true }, `Vergeet dossier ${vNummer}`);
  const annuleer = h('button', { type: 'button', id: 'vergeet-annuleer', onclick: () => sluit() }, 'Annuleren');
  const formulier = h(
    'form',
    { id: 'vergeet-bevestig', class: 'bevestig', hidden: true, onsubmit: bevestig },
    h('h3', {}, `Dossier ${vNummer} vergeten?`),
    h('p', {}, h('strong', {}, 'Dit kan niet ongedaan worden.'), ' ',
      'Op elke machine van de regio, de bus en de node van elke organisatie, worden de persoonsgegevens van dit dossier gewist: ' +
        'namen en geboortedata (ook van gezinsleden en nareizigers), BSN’s en notities. ' +
        'De feiten blijven: het V-nummer, de fase, de datums en de aantallen staan nog in elk overzicht, ' +
        'ook in de taakstelling; als naam staat er dan „vergeten”.'),
    h('label', {}, 'Reden ', reden),
    h('label', {}, `Typ ter bevestiging het V-nummer (${vNummer}) `, herhaald),
    h('div', { class: 'knoppen' }, ja, annuleer),
  );
  const open = h('button', { type: 'button', id: 'vergeet-open', class: 'gevaar', hidden: true, onclick: () => openen() }, 'Vergeet dit dossier');
  const noot = h('p', { id: 'vergeet-noot', class: 'noot', hidden: true });
  const uitkomst = h('p', { id: 'vergeet-uitkomst', role: 'status', hidden: true });
  const el = h('div', { id: 'vergeet', class: 'vergeet' }, open, noot, formulier, uitkomst);
  let bezig = false;
  let verstuurd = false; // the node took it: not offered again, also before the page shows "vergeten"

  function klaar() {
    return reden.value !== '' && herhaald.value.trim() === vNummer;
  }

  function toonKnoppen() {
    ja.disabled = bezig || !klaar();
    annuleer.disabled = bezig;
    reden.disabled = bezig;
    herhaald.disabled = bezig;
  }

  function openen() {
    open.hidden = true;
    formulier.hidden = false;
    uitkomst.hidden = true;
    reden.focus();
  }

  // Closes the confirm step; what was chosen and typed goes, so a next time starts afresh.
  function sluit() {
    if (bezig) return;
    formulier.hidden = true;
    reden.value = '';
    herhaald.value = '';
    toonKnoppen();
    open.hidden = !el.dataset.mag;
  }

  function meld(soort, tekst) {
    uitkomst.dataset.uitkomst = soort;
    uitkomst.className = soort === 'vergeten' || soort === 'onbeslist' ? 'gelukt' : 'fout';
    uitkomst.textContent = tekst;
    uitkomst.hidden = false;
  }

  async function bevestig(event) {
    event.preventDefault();
    if (bezig || !klaar()) return; // Enter in a field before the step is complete
    bezig = true;
    toonKnoppen();
    // The body `vergeet` posts (VergeetBody): no event_id, the node gives it one.
    const body = { dossier_vergeten: { datum: isoDatum(new Date()), v_nummer: vNummer, reden: reden.value } };
    try {
      const antwoord = await stuur('/api/v1/events', body, { wait: 'commit' });
      verstuurd = antwoord.status !== 'REJECTED';
      if (verstuurd) delete el.dataset.mag;
      if (antwoord.status === 'COMMITTED') {
        meld('vergeten', `Dossier ${vNummer} is vergeten (positie ${getal(antwoord.position)}): de bus en elke node wissen zijn persoonsgegevens.`);
      } else if (antwoord.status === 'REJECTED') {
        meld('afgewezen', `Niet vergeten: de bus weigerde het: ${antwoord.error}`);
      } else {
        meld('onbeslist', 'De node heeft het aangenomen, maar de bus heeft nog niet beslist. Zodra het vastligt, staat hier als naam „vergeten”.');
      }
    } catch (e) {
      if (e instanceof ApiFout) meld('geweigerd', `Niet vergeten: ${e.message}`);
      else meld('fout', `De node antwoordde niet (${e.message}). Misschien is het toch vastgelegd: kijk of de naam „vergeten” wordt voor u het opnieuw probeert.`);
    } finally {
      bezig = false;
      if (verstuurd) sluit();
      else toonKnoppen();
    }
  }

  return {
    el,
    // On every refresh of the page: `mag` from magVergeten, `vergeten` from the dossier, `peildatum`
    // the one chosen in the header ('' for today). What was typed in an open step stays.
    toon({ mag, vergeten, peildatum }) {
      const nu = mag && !peildatum && !verstuurd;
      if (nu) el.dataset.mag = 'ja';
      else delete el.dataset.mag;
      if (!nu && !bezig) sluit();
      open.hidden = !nu || !formulier.hidden;
      noot.hidden = !(vergeten || (mag && peildatum && !verstuurd));
      noot.textContent = vergeten
        ? 'Dit dossier is vergeten: zijn persoonsgegevens zijn op elke machine gewist.'
        : 'Vergeten kan alleen bij de stand van vandaag: kies Vandaag.';
    },
  };
}
