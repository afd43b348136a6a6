// Bundles the dashboard: src/main.js (with Chart.js and the CSS) into content-hashed files under
// <outdir>/assets/, and <outdir>/index.html naming them. Nothing is fetched at run time.
//   node build.mjs [--outdir DIR]   (default: dist/)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : join(here, 'dist');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'eof',
  entryNames: '[name]-[hash]',
  outdir: join(outdir, 'assets'),
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
if (!js || !css) throw new Error(`build: expected one .js and one .css, got ${outputs.join(', ')}`);

copyFileSync(join(here, 'favicon.svg'), join(outdir, 'favicon.svg'));
const html = readFileSync(join(here, 'index.html'), 'utf8').replace('@JS@', js).replace('@CSS@', css);
writeFileSync(join(outdir, 'index.html'), html);
console.log(`web: ${js}, ${css} in ${outdir}`);
