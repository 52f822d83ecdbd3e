import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/http/errors.js';
import { repoRoot } from '../support/cli-process.js';

describe('error catalogue', () => {
  it('docs/errors.md documents every code with its status and message, and nothing else', async () => {
    const doc = await readFile(join(repoRoot, 'docs', 'errors.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    const expected = Object.entries(errorCatalogue).map(([code, e]) => [code, e.status, e.message]);
    expect(rows).toEqual(expected);
  });
});
