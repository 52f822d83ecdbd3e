import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { renderForChannel } from '../../src/core/render-outbound.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { repoRoot } from '../support/cli-process.js';
import { scriptedChat } from './scripted-chat.js';

const flowsDir = join(repoRoot, 'flows');
// "Escriba el número de la opción", "elija… escriba su número"; a phone or document number is another matter.
const asksForNumber = /n[uú]mero de la opci[oó]n|(elegir|elija|escoja)[^.]*su n[uú]mero/i;

describe('buttons that match the words', () => {
  it('no text in the demo flows asks for an option number: buttons show none', async () => {
    const files = (await readdir(flowsDir)).filter((f) => f.endsWith('.yaml'));
    const offending: string[] = [];
    for (const file of files) {
      const lines = (await readFile(join(flowsDir, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (!line.trimStart().startsWith('#') && asksForNumber.test(line))
          offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it('the main menu is buttons without numbers where they fit, and numbered text that says so where they do not', async () => {
    const r = await loadFlowBundle(flowsDir, { actions: actionCatalog() });
    if (!r.ok) throw new Error('demo flows invalid');
    const chat = scriptedChat(r.bundle);
    await chat.send('hola');
    const menu = chat.replies.at(-1);
    if (!menu) throw new Error('no menu');
    const base = { maxTextLength: 4096, typingIndicator: false, attachments: true };
    const [asButtons] = renderForChannel(menu, { ...base, maxButtons: 10 });
    expect(asButtons?.options.map((o) => o.label)).toContain('Radicar una PQRSD');
    expect(asButtons?.text).not.toMatch(/n[uú]mero/i);
    const [asText] = renderForChannel(menu, { ...base, maxButtons: 0 });
    expect(asText?.options).toEqual([]);
    expect(asText?.text).toContain('2. Radicar una PQRSD');
    expect(asText?.text).toContain('Responda con el número de la opción.');
  });
});
