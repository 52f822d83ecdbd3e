import { execFileSync } from 'node:child_process';
import { repoRoot } from './cli-process.js';

/** The browser tests load web-widget/dist/widget.js and the console's web-console/dist: build both once per run. */
export default function setup(): void {
  for (const script of ['scripts/build-widget.mjs', 'scripts/build-console.mjs']) {
    execFileSync(process.execPath, [script], { cwd: repoRoot, stdio: 'ignore' });
  }
}
