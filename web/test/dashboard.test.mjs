// The live dashboard in a real browser (headless Chromium driven by playwright-core), against a
// real region: the bus and five nodes started by regiotafel-region, events posted through the API.
// It checks that the page loads with the token from the URL fragment, shows the same figures as the
// API, follows a new commit without a reload, and saves the dossier overview as Excel and CSV (or
// says why not). Screenshots go to $ARTEFACTS (build/test-artefacts).
//   REGION_BINARY=build/services/region/regiotafel-region node --test web/test/
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

before(async () => {
  assert.ok(REGION_BINARY, 'REGION_BINARY must name build/services/region/regiotafel-region');
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
