// The live dashboard in a real browser (headless Chromium driven by playwright-core), against a
// real region: the bus and five nodes started by regiotafel-region, events posted through the API.
// It checks that the page loads with the token from the URL fragment, shows the same figures as the
// API, follows a new commit without a reload, and saves the dossier overview as Excel and CSV (or
// says why not); and that a peildatum chosen in the header goes with every call, survives a reload
// and names the download, "Vandaag" leaves it, and a refused one shows the node's error; that the
// regio's and a gemeente's page list the dossiers te vergeten and a corporatie's does not, and that
// the gemeente forgets a dossier through the confirm step (and cancelling it writes nothing).
// Screenshots go to $ARTEFACTS (build/test-artefacts).
//   REGION_BINARY=build/bin/regiotafel-region node --test web/test/
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { post, startRegion, view } from './region.mjs';

const REGION_BINARY = process.env.REGION_BINARY;
const ARTEFACTS = process.env.ARTEFACTS ?? join(dirname(fileURLToPath(import.meta.url)), '../../build/test-artefacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WIJ = 'gemeente:dordrecht'; // the node whose dashboard is opened
const LIVE = 10_000; // how long a commit may take to show on the page (the aim is under a second)

let region;
let browser;
let page;
const fouten = []; // console errors and page errors: a CSP violation shows up here
const verzoeken = []; // the URL of every request the page made, in order
const posts = []; // every POST the page made (playwright's Request)

before(async () => {
  assert.ok(REGION_BINARY, 'REGION_BINARY must name build/bin/regiotafel-region');
  mkdirSync(ARTEFACTS, { recursive: true });
  region = await startRegion(REGION_BINARY);
  // The facts the page shows first (dates in the past, so today's peildatum sees them).
  await post(region, 'regio:proef', { taakstelling_vastgesteld: { datum: '2026-06-15', gemeente: 'gemeente:dordrecht', periode: '2026-H2', aantal: 60 } });
  await post(region, 'regio:proef', { taakstelling_vastgesteld: { datum: '2026-06-15', gemeente: 'gemeente:zwijndrecht', periode: '2026-H2', aantal: 25, startsaldo: 30 } });
  await post(region, 'regio:proef', { corporatie_afspraak: { datum: '2026-06-20', corporatie: 'corporatie:trivire', periode: '2026-H2', woningen: 40 } });
  await post(region, 'coa:coa', {
    aanmelding: {
      datum: '2026-07-06', v_nummer: '1234567890', naam: 'Amal Haddad', geboortedatum: '1988-03-14',
      gezinsleden: [{ v_nummer: '1234567891', naam: 'Yusuf Haddad', geboortedatum: '2015-09-01' }],
      verblijfplaats: 'AZC Dordrecht', gemeente: 'gemeente:dordrecht',
    },
  });
  await post(region, 'coa:coa', { aanmelding: { datum: '2026-08-10', v_nummer: '2345678901', naam: 'Tesfay Gebremedhin', verblijfplaats: 'AZC Gilze', gemeente: 'gemeente:zwijndrecht' } });
  await post(region, 'corporatie:trivire', {
    woning_aangeboden: {
      datum: '2026-07-20', woning_id: 'TRV-DOR-0001', corporatie: 'corporatie:trivire', gemeente: 'gemeente:dordrecht',
      adres: 'Voorstraat 12, Dordrecht', kamers: 3, kale_huur_cent: 61250, soort: 'REGULIER', capaciteit: 4, beschikbaar_per: '2026-08-01',
    },
  });
  await post(region, 'corporatie:trivire', { reservering: { datum: '2026-08-03', v_nummer: '1234567890', woning_id: 'TRV-DOR-0001', corporatie: 'corporatie:trivire', personen: 2 } });
  await post(region, 'corporatie:trivire', {
    huurcontract: { datum: '2026-08-20', v_nummer: '1234567890', woning_id: 'TRV-DOR-0001', corporatie: 'corporatie:trivire', ingangsdatum: '2026-09-01', kale_huur_cent: 61250, personen: 2 },
  });
  await post(region, 'corporatie:trivire', { vrijgekomen_woningen: { datum: '2026-09-30', corporatie: 'corporatie:trivire', gemeente: 'gemeente:dordrecht', periode: '2026-H2', aantal: 12 } });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox (the suite runs as root in CI); no background traffic on a machine without a network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => m.type() === 'error' && fouten.push(m.text()));
  page.on('pageerror', (e) => fouten.push(String(e)));
  page.on('request', (r) => {
    verzoeken.push(new URL(r.url()));
    if (r.method() === 'POST') posts.push(r);
  });
});

after(async () => {
  await browser?.close();
  if (region) {
    if (process.exitCode) console.error(region.logs());
    region.stop();
  }
});

// The position the page shows, once it shows the node's head (refetched on the stream's events).
async function toontHead() {
  const { position } = await view(region, WIJ, '/api/v1/log/head');
  await page.waitForFunction((p) => Number(document.body.dataset.positie) >= p, position, { timeout: LIVE });
  return Number(await page.evaluate(() => document.body.dataset.positie));
}

// A full-page screenshot from the top: the sticky header stays where the window was scrolled to.
async function screenshot(naam) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTEFACTS, naam), fullPage: true });
}

const tekst = (selector) => page.locator(selector).innerText();
// Today as YYYY-MM-DD in local time, as the page dates an event.
const isoVandaag = (d = new Date()) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const getal = (s) => Number(s.replace(/[^\d−-]/g, '').replace('−', '-'));

test('the dashboard loads with the token from the fragment, which leaves the address bar', async () => {
  const response = await page.goto(`${region.nodes[WIJ]}/#token=${region.tokens[WIJ]}`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'");
  await page.locator('#live[data-status="live"]').waitFor({ timeout: LIVE });
  assert.equal(await page.locator('#organisatie').getAttribute('data-organisatie'), WIJ);
  assert.ok(!page.url().includes('token'), page.url());
  await toontHead();
  await screenshot('dashboard-overzicht.png');
});

test('taakstelling, pijplijn and corporaties show the same figures as the API', async () => {
  const positie = await toontHead();
  const { regels } = await view(region, WIJ, `/api/v1/taakstelling?positie=${positie}`);
  const periode = await page.locator('#taakstelling-periode').inputValue();
  const getoond = regels.filter((r) => r.periode === periode);
  assert.ok(getoond.some((r) => r.gemeente === 'gemeente:dordrecht' && r.gerealiseerd === 2), JSON.stringify(regels));
  assert.equal(await page.locator('#taakstelling tbody tr').count(), getoond.length);
  for (const r of getoond) {
    const rij = `#taakstelling tr[data-gemeente="${r.gemeente}"][data-periode="${r.periode}"]`;
    for (const veld of ['taakstelling', 'gerealiseerd', 'eindsaldo', 'nog_te_huisvesten']) {
      assert.equal(getal(await tekst(`${rij} [data-veld="${veld}"] >> nth=0`)), r[veld], `${r.gemeente} ${veld}`);
    }
    const klasse = await page.locator(`${rij} [data-veld="eindsaldo"]`).getAttribute('class');
    if (r.eindsaldo > 0) assert.match(klasse, /voorsprong/);
    if (r.eindsaldo < 0) assert.match(klasse, /achterstand/);
  }
  const { gemeenten } = await view(region, WIJ, `/api/v1/pijplijn?positie=${positie}`);
  for (const g of gemeenten) {
    for (const veld of ['gekoppeld', 'gereserveerd', 'huurcontract', 'ingeschreven', 'gesloten']) {
      assert.equal(getal(await tekst(`#pijplijn tr[data-gemeente="${g.gemeente}"] [data-veld="${veld}"]`)), g[veld]);
    }
  }
  const corporaties = (await view(region, WIJ, `/api/v1/corporaties?positie=${positie}`)).regels;
  for (const c of corporaties) {
    const rij = `#corporaties tr[data-corporatie="${c.corporatie}"][data-periode="${c.periode}"]`;
    assert.equal(getal(await tekst(`${rij} [data-veld="huurcontracten"]`)), c.huurcontracten);
    assert.equal(getal(await tekst(`${rij} [data-veld="verwacht"]`)), c.verwacht);
  }
  assert.equal(await page.locator('#woningen tr[data-woning="TRV-DOR-0001"] [data-veld="status"]').innerText(), 'Verhuurd');
});

test('signalen are grouped by who must act, and "alleen voor ons" asks the node for ours', async () => {
  const positie = await toontHead();
  const alle = (await view(region, WIJ, `/api/v1/signalen?positie=${positie}`)).signalen;
  const voor = new Set(alle.map((s) => s.voor));
  assert.ok(voor.size >= 2, JSON.stringify(alle));
  for (const v of voor) {
    assert.equal(await page.locator(`#signalen details[data-voor="${v}"] tbody tr`).count(), alle.filter((s) => s.voor === v).length);
  }
  await page.locator('#signalen-voor-ons').check();
  const ons = (await view(region, WIJ, `/api/v1/signalen?voor=${WIJ}&positie=${positie}`)).signalen;
  assert.ok(ons.length > 0);
  await page.waitForFunction(() => document.querySelectorAll('#signalen details').length === 1, null, { timeout: LIVE });
  assert.equal(await page.locator(`#signalen details[data-voor="${WIJ}"] tbody tr`).count(), ons.length);
  await page.locator('#signalen-voor-ons').uncheck();
});

// What the node answers for `pad` with our token, as bytes, and its headers.
async function bestand(pad) {
  const response = await fetch(`${region.nodes[WIJ]}${pad}`, { headers: { Authorization: `Bearer ${region.tokens[WIJ]}` } });
  assert.equal(response.status, 200, pad);
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

test('"Download Excel" and "CSV" save the dossier overview the node writes', async () => {
  await toontHead();
  const [excel] = await Promise.all([page.waitForEvent('download', { timeout: LIVE }), page.locator('#dossiers-xlsx').click()]);
  const { headers } = await bestand('/api/v1/dossiers.xlsx');
  assert.equal(excel.suggestedFilename(), `dossiers-${headers.get('x-regiotafel-peildatum')}.xlsx`);
  const xlsx = readFileSync(await excel.path()); // path() waits for the download and fails if it failed
  assert.equal(xlsx.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip: an .xlsx workbook');

  const [csv] = await Promise.all([page.waitForEvent('download', { timeout: LIVE }), page.locator('#dossiers-csv').click()]);
  assert.match(csv.suggestedFilename(), /^dossiers-\d{4}-\d{2}-\d{2}\.csv$/);
  const opgeslagen = readFileSync(await csv.path());
  const tekst = opgeslagen.toString('utf8');
  assert.ok(tekst.startsWith('\uFEFFNaam;V-nummer;'), tekst.slice(0, 80));
  for (const v of ['1234567890', '2345678901']) assert.ok(tekst.includes(`;${v};`), `${v} in\n${tekst}`);
  // Byte for byte what the node serves (nothing was posted in between).
  assert.deepEqual(opgeslagen, (await bestand('/api/v1/dossiers.csv')).bytes);
  assert.equal(await page.locator('#dossiers').getAttribute('data-download'), 'klaar');
  assert.equal(await page.locator('#dossiers-fout').isHidden(), true);
});

test('a commit shows on the page without a reload', async () => {
  await page.evaluate(() => {
    window.zelfdePagina = true; // gone after a reload
  });
  const cel = '#pijplijn tr[data-gemeente="gemeente:dordrecht"] [data-veld="gekoppeld"]';
  const voor = getal(await tekst(cel));
  const gestart = Date.now();
  const positie = await post(region, 'coa:coa', {
    aanmelding: { datum: '2026-11-02', v_nummer: '3456789012', naam: 'Hana Yousef', verblijfplaats: 'AZC Dordrecht', gemeente: 'gemeente:dordrecht' },
  });
  await page.waitForFunction(
    ({ cel, voor, positie }) => Number(document.body.dataset.positie) >= positie && Number(document.querySelector(cel)?.textContent) === voor + 1,
    { cel, voor, positie },
    { timeout: LIVE },
  );
  console.log(`# the commit at position ${positie} showed ${Date.now() - gestart} ms after the POST was sent`);
  assert.equal(await page.evaluate(() => window.zelfdePagina), true, 'the page was reloaded');
  await screenshot('dashboard-live.png');
});

test('a dossier page shows every event of its history, who published it and when', async () => {
  await page.locator('form.zoek input').fill('1234567890');
  await page.locator('form.zoek button').click();
  await page.locator('#dossier[data-v-nummer="1234567890"] tbody tr').first().waitFor({ timeout: LIVE });
  const { events } = await view(region, WIJ, '/api/v1/dossiers/1234567890/historie');
  assert.equal(await page.locator('#dossier tbody tr').count(), events.length);
  for (const e of events) {
    const rij = `#dossier tr[data-positie="${e.position}"]`;
    assert.equal(await tekst(`${rij} [data-veld="event"]`) !== '', true);
    assert.ok((await tekst(`${rij} [data-veld="origin"]`)).length > 0);
    assert.ok((await tekst(`${rij} [data-veld="recorded_at"]`)).length > 0);
  }
  assert.match(await tekst(`#dossier tr[data-event="Huurcontract"] [data-veld="origin"]`), /Trivire/);
  assert.match(await tekst(`#dossier tr[data-event="Aanmelding"] [data-veld="origin"]`), /COA/);
  // A BRP-inschrijving posted now appears in the open history.
  const positie = await post(region, WIJ, {
    brp_inschrijving: { datum: '2026-09-08', v_nummer: '1234567890', gemeente: 'gemeente:dordrecht', personen: [{ v_nummer: '1234567890', bsn: '111222333' }] },
  });
  await page.locator(`#dossier tr[data-positie="${positie}"][data-event="BrpInschrijving"]`).waitFor({ timeout: LIVE });
  await screenshot('dashboard-dossier.png');
});

// The peildatum of the tests below: after the first aanmelding (2026-07-06), before the woning
// (07-20), the second aanmelding (08-10), the reservering, the huurcontract and the BRP-inschrijving.
const PEIL = '2026-07-10';
const nl = (iso) => iso.split('-').reverse().join('-'); // dd-mm-jjjj
const VIEWS = ['/api/v1/taakstelling', '/api/v1/pijplijn', '/api/v1/signalen', '/api/v1/corporaties', '/api/v1/woningen', '/api/v1/te-vergeten'];

// The requests to `pad` since the index `vanaf` of `verzoeken`.
const verzoekenNaar = (pad, vanaf) => verzoeken.slice(vanaf).filter((u) => u.pathname === pad);

// The pijplijn on the page equals the API's `gemeenten`.
async function toontPijplijn(gemeenten) {
  assert.equal(await page.locator('#pijplijn tbody tr').count(), gemeenten.length);
  for (const g of gemeenten) {
    for (const veld of ['gekoppeld', 'gereserveerd', 'huurcontract', 'ingeschreven', 'gesloten']) {
      assert.equal(getal(await tekst(`#pijplijn tr[data-gemeente="${g.gemeente}"] [data-veld="${veld}"]`)), g[veld], `${g.gemeente} ${veld}`);
    }
  }
}

test('a peildatum chosen in the header shows the state on that date, and every view call asks for it', async () => {
  await page.locator('h1 a').click(); // from the dossier page back to the overview
  await page.locator('#pijplijn tbody tr').first().waitFor({ timeout: LIVE });
  const positie = await toontHead();
  const vandaag = (await bestand('/api/v1/pijplijn')).headers.get('x-regiotafel-peildatum');
  assert.equal(await page.locator('#peildatum').inputValue(), '');
  assert.equal(await tekst('#peildatum-noot'), `vandaag: ${nl(vandaag)}`);
  assert.equal(await page.locator('#vandaag').isDisabled(), true);

  const vanaf = verzoeken.length;
  await page.locator('#peildatum').fill(PEIL);
  await page.locator(`body[data-peildatum="${PEIL}"]`).waitFor({ timeout: LIVE });
  assert.ok(page.url().endsWith(`#/?peildatum=${PEIL}`), page.url());
  assert.match(await tekst('#peildatum-noot'), new RegExp(`^stand op ${nl(PEIL)} · vandaag: ${nl(vandaag)}$`));
  assert.equal(await page.locator('#vandaag').isDisabled(), false);
  for (const pad of VIEWS) {
    const gevraagd = verzoekenNaar(pad, vanaf);
    assert.ok(gevraagd.length > 0, `${pad} was fetched again`);
    assert.equal(gevraagd.at(-1).searchParams.get('peildatum'), PEIL, String(gevraagd.at(-1)));
  }

  // Pijplijn: only the dossier aangemeld by then, still gekoppeld.
  const toen = (await view(region, WIJ, `/api/v1/pijplijn?peildatum=${PEIL}&positie=${positie}`)).gemeenten;
  const nu = (await view(region, WIJ, `/api/v1/pijplijn?positie=${positie}`)).gemeenten;
  assert.notDeepEqual(toen, nu, 'the region must have changed since the peildatum');
  await toontPijplijn(toen);
  // Taakstelling: nothing gerealiseerd by then; today Dordrecht has.
  assert.equal(await page.locator('#taakstelling-periode').inputValue(), '2026-H2');
  const taak = (await view(region, WIJ, `/api/v1/taakstelling?peildatum=${PEIL}&positie=${positie}&periode=2026-H2`)).regels;
  const taakNu = (await view(region, WIJ, `/api/v1/taakstelling?positie=${positie}&periode=2026-H2`)).regels;
  const dordrecht = '#taakstelling tr[data-gemeente="gemeente:dordrecht"][data-periode="2026-H2"]';
  const gerealiseerd = (regels) => regels.find((r) => r.gemeente === 'gemeente:dordrecht').gerealiseerd;
  assert.notEqual(gerealiseerd(taak), gerealiseerd(taakNu));
  assert.equal(getal(await tekst(`${dordrecht} [data-veld="gerealiseerd"]`)), gerealiseerd(taak));
  // Corporaties: no huurcontract yet. Woningen: the woning was not offered yet.
  for (const c of (await view(region, WIJ, `/api/v1/corporaties?peildatum=${PEIL}&positie=${positie}`)).regels) {
    const rij = `#corporaties tr[data-corporatie="${c.corporatie}"][data-periode="${c.periode}"]`;
    assert.equal(getal(await tekst(`${rij} [data-veld="huurcontracten"]`)), c.huurcontracten);
  }
  assert.equal(await page.locator('#woningen tr[data-woning="TRV-DOR-0001"]').count(), 0);
  await screenshot('dashboard-peildatum.png');
});

test('at a peildatum the page still follows the log live, each round asking at that peildatum', async () => {
  const cel = '#pijplijn tr[data-gemeente="gemeente:dordrecht"] [data-veld="gekoppeld"]';
  const voor = getal(await tekst(cel));
  const vanaf = verzoeken.length;
  // Aangemeld before the peildatum: it counts there.
  const positie = await post(region, 'coa:coa', {
    aanmelding: { datum: '2026-07-01', v_nummer: '4567890123', naam: 'Samir Aziz', verblijfplaats: 'AZC Dordrecht', gemeente: 'gemeente:dordrecht' },
  });
  await page.waitForFunction(
    ({ cel, voor, positie }) => Number(document.body.dataset.positie) >= positie && Number(document.querySelector(cel)?.textContent) === voor + 1,
    { cel, voor, positie },
    { timeout: LIVE },
  );
  // Aangemeld after it: the page moves on to its position, and the figure stays.
  const later = await post(region, 'coa:coa', {
    aanmelding: { datum: '2026-11-20', v_nummer: '5678901234', naam: 'Lina Haddad', verblijfplaats: 'AZC Dordrecht', gemeente: 'gemeente:dordrecht' },
  });
  await page.waitForFunction((p) => Number(document.body.dataset.positie) >= p, later, { timeout: LIVE });
  const getoond = Number(await page.evaluate(() => document.body.dataset.positie));
  await toontPijplijn((await view(region, WIJ, `/api/v1/pijplijn?peildatum=${PEIL}&positie=${getoond}`)).gemeenten);
  assert.equal(getal(await tekst(cel)), voor + 1);
  const gevraagd = verzoekenNaar('/api/v1/pijplijn', vanaf);
  assert.ok(gevraagd.some((u) => u.searchParams.get('positie') === String(getoond) && u.searchParams.get('peildatum') === PEIL), gevraagd.join('\n'));
  assert.ok(gevraagd.every((u) => u.searchParams.get('peildatum') === PEIL), gevraagd.join('\n'));
});

test('"Download Excel" and "CSV" at a peildatum save the overview of that date, named after it', async () => {
  const [excel] = await Promise.all([page.waitForEvent('download', { timeout: LIVE }), page.locator('#dossiers-xlsx').click()]);
  assert.equal(excel.suggestedFilename(), `dossiers-${PEIL}.xlsx`);
  assert.equal(readFileSync(await excel.path()).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const [csv] = await Promise.all([page.waitForEvent('download', { timeout: LIVE }), page.locator('#dossiers-csv').click()]);
  assert.equal(csv.suggestedFilename(), `dossiers-${PEIL}.csv`);
  const opgeslagen = readFileSync(await csv.path());
  const tekst = opgeslagen.toString('utf8');
  for (const v of ['1234567890', '4567890123']) assert.ok(tekst.includes(`;${v};`), `${v} in\n${tekst}`);
  for (const v of ['2345678901', '5678901234']) assert.ok(!tekst.includes(`;${v};`), `${v} not yet aangemeld on ${PEIL}:\n${tekst}`);
  assert.deepEqual(opgeslagen, (await bestand(`/api/v1/dossiers.csv?peildatum=${PEIL}`)).bytes);
});

test('a reload keeps the peildatum, which the address bar holds without the token', async () => {
  assert.ok(page.url().endsWith(`#/?peildatum=${PEIL}`), page.url());
  const vanaf = verzoeken.length;
  await page.reload();
  await page.locator(`body[data-peildatum="${PEIL}"]`).waitFor({ timeout: LIVE });
  assert.equal(await page.locator('#peildatum').inputValue(), PEIL);
  assert.match(await tekst('#peildatum-noot'), new RegExp(`^stand op ${nl(PEIL)}`));
  assert.equal(await page.locator('#woningen tr[data-woning="TRV-DOR-0001"]').count(), 0);
  for (const pad of VIEWS) {
    const gevraagd = verzoekenNaar(pad, vanaf);
    assert.ok(gevraagd.length > 0, pad);
    assert.ok(gevraagd.every((u) => u.searchParams.get('peildatum') === PEIL), gevraagd.join('\n'));
  }
  assert.ok(!page.url().includes('token'), page.url());
});

test('a dossier page at a peildatum shows its history up to that date, and its links keep the peildatum', async () => {
  const vanaf = verzoeken.length;
  await page.locator('form.zoek input').fill('1234567890');
  await page.locator('form.zoek button').click();
  await page.locator('#dossier[data-v-nummer="1234567890"] tbody tr').first().waitFor({ timeout: LIVE });
  assert.ok(page.url().endsWith(`#/dossier/1234567890?peildatum=${PEIL}`), page.url());
  const toen = (await view(region, WIJ, `/api/v1/dossiers/1234567890/historie?peildatum=${PEIL}`)).events;
  const nu = (await view(region, WIJ, '/api/v1/dossiers/1234567890/historie')).events;
  assert.ok(toen.length > 0 && toen.length < nu.length, `${toen.length} then, ${nu.length} now`);
  assert.equal(await page.locator('#dossier tbody tr').count(), toen.length);
  assert.equal(await page.locator('#dossier tr[data-event="Huurcontract"]').count(), 0);
  for (const pad of ['/api/v1/dossiers/1234567890', '/api/v1/dossiers/1234567890/historie']) {
    const gevraagd = verzoekenNaar(pad, vanaf);
    assert.ok(gevraagd.length > 0 && gevraagd.every((u) => u.searchParams.get('peildatum') === PEIL), gevraagd.join('\n'));
  }
  await page.locator('#dossier header a').click();
  await page.locator('#pijplijn').waitFor({ timeout: LIVE });
  assert.ok(page.url().endsWith(`#/?peildatum=${PEIL}`), page.url());
});

test('"Vandaag" goes back to the node\'s today', async () => {
  await page.locator(`body[data-peildatum="${PEIL}"]`).waitFor({ timeout: LIVE });
  const vanaf = verzoeken.length;
  await page.locator('#vandaag').click();
  const { headers } = await bestand('/api/v1/pijplijn');
  const vandaag = headers.get('x-regiotafel-peildatum');
  await page.locator(`body[data-peildatum="${vandaag}"]`).waitFor({ timeout: LIVE });
  assert.equal(await page.locator('#peildatum').inputValue(), '');
  assert.equal(await tekst('#peildatum-noot'), `vandaag: ${nl(vandaag)}`);
  assert.equal(await page.locator('#vandaag').isDisabled(), true);
  assert.ok(page.url().endsWith('#/'), page.url());
  const positie = await toontHead();
  await toontPijplijn((await view(region, WIJ, `/api/v1/pijplijn?positie=${positie}`)).gemeenten);
  assert.equal(await page.locator('#woningen tr[data-woning="TRV-DOR-0001"] [data-veld="status"]').innerText(), 'Verhuurd');
  for (const pad of VIEWS) assert.equal(verzoekenNaar(pad, vanaf).at(-1)?.searchParams.has('peildatum'), false, pad);
});

// A dossier whose last event lies longer ago than the bewaartermijn (the region's default, 7 years):
// te vergeten today. Linked to our gemeente, so that we may forget it.
const OUD = '6789012345';
const OUDE_NAAM = 'Rahel Tesfay';

// A page of another organisation's node, in a context of its own, once it shows its node's head;
// `gevraagd` the paths it asked for.
async function paginaVan(organisatie) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const tab = await context.newPage();
  const gevraagd = new Set();
  tab.on('request', (r) => gevraagd.add(new URL(r.url()).pathname));
  await tab.goto(`${region.nodes[organisatie]}/#token=${region.tokens[organisatie]}`);
  const { position } = await view(region, organisatie, '/api/v1/log/head');
  await tab.waitForFunction((p) => Number(document.body.dataset.positie) >= p, position, { timeout: LIVE });
  return { tab, context, gevraagd };
}

// The dossier page of `v` on `tab`, once it shows the dossier.
async function dossierOp(tab, v) {
  await tab.locator('form.zoek input').fill(v);
  await tab.locator('form.zoek button').click();
  await tab.locator(`#dossier[data-v-nummer="${v}"] dd[data-veld="naam"]`).waitFor({ timeout: LIVE });
}

test('the te-vergeten section lists the dossiers past the bewaartermijn on a gemeente\'s and the regio\'s page, not on a corporatie\'s', async () => {
  await page.locator('#te-vergeten .leeg').waitFor({ timeout: LIVE }); // every dossier so far is of 2026
  assert.match(await tekst('#te-vergeten'), /Geen dossiers waarvan de bewaartermijn verstreken is/);
  assert.equal(await page.locator('.kop nav a', { hasText: 'Te vergeten' }).count(), 1);

  const positie = await post(region, 'coa:coa', {
    aanmelding: { datum: '2012-03-01', v_nummer: OUD, naam: OUDE_NAAM, geboortedatum: '1979-05-02', verblijfplaats: 'AZC Dordrecht', gemeente: 'gemeente:dordrecht' },
  });
  const rij = `#te-vergeten tr[data-v-nummer="${OUD}"]`;
  await page.locator(rij).waitFor({ timeout: LIVE });
  const { dossiers } = await view(region, WIJ, `/api/v1/te-vergeten?positie=${await toontHead()}`);
  assert.deepEqual(dossiers.map((d) => d.v_nummer), [OUD]);
  assert.equal(await page.locator('#te-vergeten tbody tr').count(), 1);
  assert.equal(await tekst(`${rij} [data-veld="gemeente"]`), 'Dordrecht');
  assert.equal(await tekst(`${rij} [data-veld="laatste_datum"]`), '01-03-2012');
  assert.equal(await tekst(`${rij} [data-veld="te_vergeten_sinds"]`), nl(dossiers[0].te_vergeten_sinds));
  assert.equal(await tekst('#te-vergeten-aantal'), '1');
  assert.ok(!(await tekst('#te-vergeten')).includes(OUDE_NAAM), 'no personal data in the list');
  await page.locator('#te-vergeten').screenshot({ path: join(ARTEFACTS, 'dashboard-te-vergeten.png') });

  const regio = await paginaVan('regio:proef');
  await regio.tab.locator(rij).waitFor({ timeout: LIVE });
  // The regio may forget any dossier (DOMAIN §4), also one linked to a gemeente: offered on its page.
  await dossierOp(regio.tab, OUD);
  await regio.tab.locator('#vergeet-open').waitFor({ state: 'visible', timeout: LIVE });
  assert.equal(await regio.tab.locator('#vergeet-bevestig').isHidden(), true);
  await regio.context.close();

  const corporatie = await paginaVan('corporatie:trivire');
  await corporatie.tab.waitForFunction((p) => Number(document.body.dataset.positie) >= p, positie, { timeout: LIVE });
  assert.equal(await corporatie.tab.locator('#pijplijn tbody tr').count() > 0, true, 'the overview is there');
  assert.equal(await corporatie.tab.locator('#te-vergeten').count(), 0);
  assert.equal(await corporatie.tab.locator('.kop nav a', { hasText: 'Te vergeten' }).count(), 0);
  assert.ok(!corporatie.gevraagd.has('/api/v1/te-vergeten'));
  await dossierOp(corporatie.tab, OUD);
  assert.equal(await corporatie.tab.locator('#vergeet-open').isHidden(), true);
  await corporatie.context.close();
});

test('a gemeente is offered "Vergeet dit dossier" only for a dossier linked to it', async () => {
  await dossierOp(page, '2345678901'); // Zwijndrecht's
  assert.equal(await page.locator('#vergeet-open').isHidden(), true);
  await dossierOp(page, OUD);
  assert.equal(await page.locator('#vergeet-open').isVisible(), true);
  assert.equal(await page.locator('#vergeet-bevestig').isHidden(), true, 'the confirm step opens only on a click');
});

test('cancelling the confirm step writes nothing', async () => {
  assert.equal(await tekst('#dossier dd[data-veld="naam"]'), OUDE_NAAM);
  const head = await toontHead();
  const vanaf = posts.length;
  await page.locator('#vergeet-open').click();
  await page.locator('#vergeet-bevestig').waitFor({ state: 'visible', timeout: LIVE });
  assert.match(await tekst('#vergeet-bevestig'), /Dit kan niet ongedaan worden/);
  await page.locator('#vergeet-reden').selectOption('VERZOEK_BETROKKENE');
  await page.locator('#vergeet-v-nummer').fill(OUD);
  assert.equal(await page.locator('#vergeet-ja').isEnabled(), true);
  await page.locator('#vergeet-annuleer').click();
  assert.equal(await page.locator('#vergeet-bevestig').isHidden(), true);
  assert.equal(await page.locator('#vergeet-open').isVisible(), true);
  // Opened again, it starts afresh: nothing chosen, nothing typed, the button disabled.
  await page.locator('#vergeet-open').click();
  assert.equal(await page.locator('#vergeet-reden').inputValue(), '');
  assert.equal(await page.locator('#vergeet-v-nummer').inputValue(), '');
  assert.equal(await page.locator('#vergeet-ja').isDisabled(), true);
  await page.locator('#vergeet-annuleer').click();
  // Every request a click started has been made by now (the page answered the clicks since).
  assert.equal(posts.length, vanaf, posts.slice(vanaf).map((r) => r.url()).join('\n'));
  assert.equal((await view(region, WIJ, '/api/v1/log/head')).position, head);
  assert.equal((await view(region, WIJ, `/api/v1/dossiers/${OUD}`)).naam, OUDE_NAAM);
  assert.equal(await tekst('#dossier dd[data-veld="naam"]'), OUDE_NAAM);
  assert.equal(await page.locator('#vergeet-uitkomst').isHidden(), true);
});

test('a gemeente forgets a dossier through the confirm step: its naam becomes "vergeten" on the page and at the node', async () => {
  const vanaf = posts.length;
  await page.locator('#vergeet-open').click();
  const ja = page.locator('#vergeet-ja');
  assert.equal(await ja.isDisabled(), true, 'nothing chosen yet');
  await page.locator('#vergeet-reden').selectOption('BEWAARTERMIJN');
  assert.equal(await ja.isDisabled(), true, 'a reden, but no V-nummer');
  await page.locator('#vergeet-v-nummer').fill(OUD.slice(0, 9));
  assert.equal(await ja.isDisabled(), true, 'half a V-nummer');
  await page.locator('#vergeet-v-nummer').fill('6789012344');
  assert.equal(await ja.isDisabled(), true, 'another V-nummer');
  await page.locator('#vergeet-v-nummer').press('Enter');
  assert.equal(posts.length, vanaf, 'Enter does not get past the disabled button');
  await page.locator('#vergeet-v-nummer').fill(OUD);
  assert.equal(await ja.isEnabled(), true);
  await screenshot('dashboard-vergeet-bevestig.png');

  const voor = isoVandaag();
  await ja.click();
  await page.locator('#vergeet-uitkomst[data-uitkomst="vergeten"]').waitFor({ timeout: LIVE });
  const na = isoVandaag();
  await page.waitForFunction(() => document.querySelector('#dossier dd[data-veld="naam"]')?.textContent === 'vergeten', null, { timeout: LIVE });
  const dossier = await view(region, WIJ, `/api/v1/dossiers/${OUD}`);
  assert.equal(dossier.naam, 'vergeten');
  assert.equal(dossier.vergeten, true);

  // One POST, as `regiotafel-gemeente vergeet` makes it: the same path, the same body, the token in its header.
  assert.equal(posts.length, vanaf + 1);
  const verzoek = posts[vanaf];
  const url = new URL(verzoek.url());
  assert.equal(`${url.pathname}${url.search}`, '/api/v1/events?wait=commit');
  const body = JSON.parse(verzoek.postData());
  assert.ok([voor, na].includes(body.dossier_vergeten?.datum), JSON.stringify(body));
  assert.deepEqual(body, { dossier_vergeten: { datum: body.dossier_vergeten.datum, v_nummer: OUD, reden: 'BEWAARTERMIJN' } });
  const headers = await verzoek.allHeaders();
  assert.ok(headers.authorization === `Bearer ${region.tokens[WIJ]}`, 'the page\'s token in the Authorization header');
  assert.equal(headers['content-type'], 'application/json');

  assert.match(await tekst('#vergeet-uitkomst'), new RegExp(`Dossier ${OUD} is vergeten`));
  assert.equal(await page.locator('#vergeet-open').isHidden(), true, 'nothing left to forget');
  assert.equal(await page.locator('#vergeet-bevestig').isHidden(), true);
  assert.match(await tekst('#vergeet-noot'), /is vergeten/);
  await page.locator('#dossier tr[data-event="DossierVergeten"]').waitFor({ timeout: LIVE });
  assert.match(await tekst('#dossier tr[data-event="DossierVergeten"] [data-veld="origin"]'), /Dordrecht/);
  assert.ok(!(await tekst('#dossier')).includes(OUDE_NAAM), 'the name is gone from the page');
  await screenshot('dashboard-vergeten.png');

  // Forgotten, it is no longer te vergeten.
  await page.locator('#dossier header a').click();
  await page.locator(`#te-vergeten tr[data-v-nummer="${OUD}"]`).waitFor({ state: 'detached', timeout: LIVE });
  assert.deepEqual((await view(region, WIJ, '/api/v1/te-vergeten')).dossiers, []);
});

test('the page broke no rule of its Content-Security-Policy and threw nothing', () => {
  assert.deepEqual(fouten, []);
});

test('a download the node refuses shows its error in the section', async () => {
  const context = await browser.newContext();
  const anoniem = await context.newPage();
  let downloads = 0;
  anoniem.on('download', () => ++downloads);
  await anoniem.goto(`${region.nodes[WIJ]}/`);
  await anoniem.locator('#dossiers-xlsx').click();
  await anoniem.locator('#dossiers[data-download="fout"]').waitFor({ timeout: LIVE });
  const response = await fetch(`${region.nodes[WIJ]}/api/v1/dossiers.xlsx`);
  assert.equal(response.status, 401);
  const { error } = await response.json();
  assert.equal(await anoniem.locator('#dossiers-fout').isVisible(), true, 'the error is shown');
  const melding = await anoniem.locator('#dossiers-fout').innerText();
  assert.ok(error && melding.includes(error), `${melding} names ${error}`);
  assert.match(melding, /#token=/);
  assert.equal(downloads, 0);
  await context.close();
});

test('without a token the page says it has no access', async () => {
  const context = await browser.newContext();
  const anoniem = await context.newPage();
  await anoniem.goto(`${region.nodes[WIJ]}/`);
  await anoniem.locator('#fout').waitFor({ timeout: LIVE });
  assert.match(await anoniem.locator('#fout').innerText(), /token/);
  await anoniem.locator('#live[data-status="geen-toegang"]').waitFor({ timeout: LIVE });
  await context.close();
});

test('a peildatum the node refuses shows its error text, not a blank page', async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  // A shared link with the token and a peildatum: the token leaves the address bar, the peildatum stays.
  await tab.goto(`${region.nodes[WIJ]}/#token=${region.tokens[WIJ]}&peildatum=1800-01-01`);
  const response = await fetch(`${region.nodes[WIJ]}/api/v1/pijplijn?peildatum=1800-01-01`, { headers: { Authorization: `Bearer ${region.tokens[WIJ]}` } });
  assert.equal(response.status, 400);
  const { error } = await response.json();
  assert.ok(error);
  await tab.locator('#fout').waitFor({ state: 'visible', timeout: LIVE }); // once every section has answered
  assert.ok(tab.url().endsWith('#/?peildatum=1800-01-01'), tab.url());
  assert.ok((await tab.locator('#fout').innerText()).includes(error));
  for (const id of ['taakstelling', 'pijplijn', 'corporaties', 'signalen', 'woningen', 'te-vergeten']) {
    assert.ok((await tab.locator(`#${id} .sectie-fout`).innerText()).includes(error), id);
  }
  assert.equal(await tab.locator('#peildatum').inputValue(), '1800-01-01');

  // "Vandaag" brings the figures; a refused date chosen then puts its error in their place.
  await tab.locator('#vandaag').click();
  await tab.locator('body[data-peildatum]').waitFor({ state: 'attached', timeout: LIVE });
  assert.equal(await tab.locator('#pijplijn tbody tr').count() > 0, true);
  assert.equal(await tab.locator('#fout').isHidden(), true);
  assert.equal(await tab.locator('.sectie-fout').count(), 0);
  await tab.locator('#peildatum').fill('3000-01-01');
  await tab.locator('#fout').waitFor({ state: 'visible', timeout: LIVE });
  assert.ok((await tab.locator('#pijplijn .sectie-fout').innerText()).includes(error));
  assert.equal(await tab.locator('#pijplijn table').isVisible(), false, 'the figures of today are gone');
  assert.ok((await tab.locator('#fout').innerText()).includes(error));
  await tab.screenshot({ path: join(ARTEFACTS, 'dashboard-peildatum-fout.png'), fullPage: true });
  await context.close();
});
