import { execFileSync } from 'node:child_process';
import { repoRoot } from './cli-process.js';

/** The browser tests load web-widget/dist/widget.js: build it from the current source once per run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-widget.mjs'], { cwd: repoRoot, stdio: 'ignore' });
}
