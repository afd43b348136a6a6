// A small region for the browser test, started with the real launcher (regiotafel-region up): the
// bus and one node per organisation, with Curve keys and API tokens, on free ports of 127.0.0.1.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORGANISATIES = ['regio:proef', 'gemeente:dordrecht', 'gemeente:zwijndrecht', 'corporatie:trivire', 'coa:coa'];

function vrij(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// `count` consecutive ports that could be bound a moment ago, below Linux's ephemeral range (there
// a node's own outgoing connection may take one of them first).
async function vrijePoorten(count) {
  for (let poging = 0; poging < 200; ++poging) {
    const base = 20_000 + Math.floor(Math.random() * (12_000 - count));
    let alle = true;
    for (let p = base; p < base + count && alle; ++p) alle = await vrij(p);
    if (alle) return base;
  }
  throw new Error('no free range of ports');
}

export async function startRegion(binary) {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-test-'));
  const data = join(dir, 'data');
  const base = await vrijePoorten(10 + ORGANISATIES.length);
  const toml = join(dir, 'proef.toml');
  writeFileSync(
    toml,
    `naam = "proef"\norganisaties = [${ORGANISATIES.map((o) => `"${o}"`).join(', ')}]\n` +
      `poort_basis = ${base}\nheartbeat_ms = 200\n`,
  );
  const run = (...args) => execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  try {
    run('up', toml, '--data', data);
  } catch (e) {
    throw new Error(`regiotafel-region up failed:\n${e.stdout}\n${e.stderr}\n${logs(data)}`);
  }
  const region = JSON.parse(readFileSync(join(data, 'region.json'), 'utf8'));
  return {
    nodes: region.nodes,
    tokens: region.tokens,
    logs: () => logs(data),
    stop() {
      try {
        run('down', '--data', data);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function logs(data) {
  try {
    return readdirSync(join(data, 'logs'))
      .map((f) => `---- ${f}\n${readFileSync(join(data, 'logs', f), 'utf8')}`)
      .join('\n');
  } catch {
    return '(no logs)';
  }
}

// POST one event body through an organisation's own node and wait until it is committed.
export async function post(region, organisatie, body) {
  const response = await fetch(`${region.nodes[organisatie]}/api/v1/events?wait=commit`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${region.tokens[organisatie]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status !== 200 || answer.status !== 'COMMITTED') {
    throw new Error(`${organisatie} ${JSON.stringify(body)}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer.position;
}

// GET a view from a node, with its token; the body and the position it is exact for.
export async function view(region, organisatie, pad) {
  const response = await fetch(`${region.nodes[organisatie]}${pad}`, {
    headers: { Authorization: `Bearer ${region.tokens[organisatie]}` },
  });
  if (!response.ok) throw new Error(`GET ${pad}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}
