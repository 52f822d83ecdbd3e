// Bundles the agent console (web-console/) into web-console/dist: index.html plus assets/console.js and
// assets/console.css, which the server serves at /console and /console/assets/*. Usage: node scripts/build-console.mjs
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'web-console');
const dist = join(source, 'dist');
const assets = join(dist, 'assets');
// Staff use up-to-date desktop browsers; <dialog> and :has() need at least these.
const target = ['chrome105', 'edge105', 'firefox121', 'safari15.4'];

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });
const common = { bundle: true, minify: true, target, legalComments: 'none', logLevel: 'warning', charset: 'ascii' };
await build({
  ...common,
  entryPoints: [join(source, 'src', 'main.ts')],
  outfile: join(assets, 'console.js'),
  format: 'iife',
});
await build({
  ...common,
  entryPoints: [join(source, 'src', 'styles.css')],
  outfile: join(assets, 'console.css'),
  loader: { '.css': 'css' },
});
await copyFile(join(source, 'index.html'), join(dist, 'index.html'));

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const file of ['console.js', 'console.css']) {
  const bytes = await readFile(join(assets, file));
  console.log(
    `${relative(root, join(assets, file))}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`,
  );
}
