// Dutch words for what the API names by code: organisations, fases, signals, events, dates.

const SOORT = {
  gemeente: 'Gemeente',
  corporatie: 'Corporatie',
  coa: 'COA',
  regio: 'Regio',
  vluchtelingenwerk: 'VluchtelingenWerk',
};

function hoofdletters(slug) {
  return slug
    .split('-')
    .map((w) => (w.length <= 2 && w !== 'ij' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('-');
}

// "gemeente:hendrik-ido-ambacht" → "Hendrik-Ido-Ambacht"; with `soort`, "Gemeente Hendrik-Ido-Ambacht".
export function orgNaam(id, { soort = false } = {}) {
  if (!id) return '—';
  const [kind, slug = ''] = id.split(':');
  if (kind === 'coa') return 'COA';
  const naam = hoofdletters(slug);
  return soort ? `${SOORT[kind] ?? kind} ${naam}` : naam;
}

export const FASEN = [
  { veld: 'gekoppeld', code: 'GEKOPPELD', label: 'Gekoppeld', kleur: '#9aa5b1' },
  { veld: 'gereserveerd', code: 'GERESERVEERD', label: 'Gereserveerd', kleur: '#f0b429' },
  { veld: 'huurcontract', code: 'HUURCONTRACT', label: 'Huurcontract', kleur: '#2186eb' },
  { veld: 'ingeschreven', code: 'INGESCHREVEN', label: 'Ingeschreven (BRP)', kleur: '#27ab83' },
  { veld: 'gesloten', code: 'GESLOTEN', label: 'Gesloten', kleur: '#52606d' },
];

export function faseLabel(code) {
  return FASEN.find((f) => f.code === code)?.label ?? code;
}

export const SIGNALEN = {
  TERMIJN_HUISVESTING: 'Termijn huisvesting verstreken',
  RESERVERING_ZONDER_CONTRACT: 'Reservering zonder huurcontract',
  TERMIJN_VERHUIZING: 'Nog niet verhuisd',
  BRP_ONTBREEKT: 'BRP-inschrijving ontbreekt',
  BEGELEIDING_ONTBREEKT: 'Begeleiding ontbreekt',
  OVERBOEKING_OPEN: 'Overboeking open',
  NAREIZIGERS_PASSEN_NIET: 'Nareizigers passen niet in de woning',
  STIL: 'Dossier staat stil',
  ONVOLLEDIG: 'Dossier onvolledig',
  WONING_ONBENUT: 'Woning onbenut',
};

export const WONING_STATUS = {
  BESCHIKBAAR: 'Beschikbaar',
  GERESERVEERD: 'Gereserveerd',
  VERHUURD: 'Verhuurd',
  INGETROKKEN: 'Ingetrokken',
};

const EVENTS = {
  Aanmelding: 'Aanmelding',
  Herkoppeling: 'Herkoppeling',
  WoningAangeboden: 'Woning aangeboden',
  WoningIngetrokken: 'Woning ingetrokken',
  Voordracht: 'Voordracht',
  Reservering: 'Reservering',
  ReserveringVervallen: 'Reservering vervallen',
  Huurcontract: 'Huurcontract',
  Uitstroom: 'Uitstroom (verhuisd)',
  BrpInschrijving: 'BRP-inschrijving',
  NareizigersAangekondigd: 'Nareizigers aangekondigd',
  NareizigersGearriveerd: 'Nareizigers gearriveerd',
  BegeleidingFase: 'Begeleiding: fase',
  BegeleidingTaak: 'Begeleiding: taak',
  Signaal: 'Melding',
  SignaalAfgehandeld: 'Melding afgehandeld',
  DossierGesloten: 'Dossier gesloten',
  TaakstellingVastgesteld: 'Taakstelling vastgesteld',
  Overboeking: 'Overboeking',
  CorporatieAfspraak: 'Afspraak corporatie',
  VrijgekomenWoningen: 'Vrijgekomen woningen',
  AdministratieOvergenomen: 'Administratie overgenomen',
  DossierVergeten: 'Dossier vergeten',
};

export function eventLabel(name) {
  return EVENTS[name] ?? name;
}

// Why a dossier is forgotten (DossierVergeten.Reden in events.proto).
export const REDENEN_VERGETEN = {
  BEWAARTERMIJN: 'De bewaartermijn is verstreken',
  VERZOEK_BETROKKENE: 'De betrokkene heeft erom gevraagd',
  ONJUIST: 'Het dossier is onjuist vastgelegd',
};

// "2026-07-06" → "06-07-2026", as Dutch readers write a date (anything else as it is).
export function datum(iso) {
  if (!iso) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : iso;
}

// A day as YYYY-MM-DD in the reader's local time: today for an event, as the command lines take it.
export function isoDatum(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

// An RFC 3339 moment in the reader's local time, to the second.
export function tijdstip(rfc3339) {
  const t = new Date(rfc3339);
  return Number.isNaN(t.getTime()) ? rfc3339 : t.toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'medium' });
}

export function getal(n) {
  return Number(n).toLocaleString('nl-NL');
}

// A saldo with its sign: "+3", "−2", "0".
export function saldo(n) {
  if (n > 0) return `+${getal(n)}`;
  if (n < 0) return `−${getal(-n)}`;
  return '0';
}

// The half year a date falls in: "2026-H2".
export function periodeVan(date) {
  return `${date.getFullYear()}-H${date.getMonth() < 6 ? 1 : 2}`;
}

// The half year of "2026-06-30": "2026-H1" (read as written, not through a Date and its time zone).
export function periodeVanDatum(iso) {
  return `${iso.slice(0, 4)}-H${Number(iso.slice(5, 7)) <= 6 ? 1 : 2}`;
}
