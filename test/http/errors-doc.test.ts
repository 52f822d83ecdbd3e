import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseErrors } from '../../src/lib/errors/case-errors.js';
import { errorCatalogue } from '../../src/lib/errors/error-catalogue.js';
import { generalErrors } from '../../src/lib/errors/general-errors.js';
import { handoffErrors } from '../../src/lib/errors/handoff-errors.js';
import { repoRoot } from '../support/cli-process.js';

async function doc(): Promise<string> {
  return readFile(join(repoRoot, 'docs', 'errors.md'), 'utf8');
}

describe('error catalogue', () => {
  it('docs/errors.md documents every general code with its status and message, in order', async () => {
    const rows = [...(await doc()).matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [
      m[1],
      Number(m[2]),
      m[3],
    ]);
    const expected = Object.entries(generalErrors).map(([code, e]) => [code, e.status, e.message]);
    expect(rows).toEqual(expected);
  });

  it('docs/errors.md lists every case and handoff code with its status, and no code that does not exist', async () => {
    const rows = [...(await doc()).matchAll(/^\| (\d{3}) \| `([A-Z_]+)` \| .+ \|$/gm)].map((m) => `${m[2]} ${m[1]}`);
    const expected = Object.entries({ ...caseErrors, ...handoffErrors }).map(([code, e]) => `${code} ${e.status}`);
    expect([...rows].sort()).toEqual([...expected].sort());
  });

  it('a code shared by two groups has one status', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      for (const group of [generalErrors, caseErrors, handoffErrors] as Record<string, { status: number }>[]) {
        if (group[code]) expect([code, group[code].status]).toEqual([code, entry.status]);
      }
    }
  });
});
