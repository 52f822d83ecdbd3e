// Bundles the web widget (web-widget/src) into one minified script, web-widget/dist/widget.js, that portals embed
// with <script src=".../widget.js" data-entity="..." defer>. Usage: node scripts/build-widget.mjs
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'web-widget', 'dist', 'widget.js');
// Browsers of the last few years (Safari 15 is from 2021), including older Android WebViews still common among
// citizens' phones. All of them run ES2020 and class fields natively, so nothing needs down-levelling.
const target = ['chrome90', 'edge90', 'firefox90', 'safari15'];

// styles.ts holds the shadow root's CSS as a readable template literal; ship it minified, and let esbuild's CSS
// parser report mistakes in it at build time.
const minifyStyles = {
  name: 'minify-widget-styles',
  setup(context) {
    context.onLoad({ filter: /web-widget[\\/]src[\\/]styles\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const css = /export const STYLES = `([^`$\\]*)`;/.exec(source)?.[1];
      if (css === undefined) throw new Error('styles.ts must be `export const STYLES = `...`;` without ${} or escapes');
      const { code, warnings } = await transform(css, { loader: 'css', minify: true, target, sourcefile: path });
      return { contents: `export const STYLES = ${JSON.stringify(code.trim())};`, loader: 'ts', warnings };
    });
  },
};

await mkdir(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'web-widget', 'src', 'main.ts')],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target,
  plugins: [minifyStyles],
  // ASCII output: the file stays correct even when a portal serves it, or declares its page, as ISO-8859-1.
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
});

const bytes = await readFile(outfile);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${relative(root, outfile)}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`);
