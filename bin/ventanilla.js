#!/usr/bin/env node
// The package's command line: runs the compiled CLI (npm install builds it into dist/).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('ventanilla: dist/ is missing; run `npm run build` (npm install does it for you)');
  process.exit(1);
}
const { runCli } = await import(cli.href);
const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
