import { describe, expect, it } from 'vitest';
import { readScriptOptions, socketUrl } from '../../web-widget/src/script-options.js';

const tag = (attributes: Record<string, string>) => ({ getAttribute: (name: string) => attributes[name] ?? null });
const page = 'https://www.sanisidro.gov.co/tramites/index.html';

describe('readScriptOptions', () => {
  it('takes the server from the script’s own origin', () => {
    expect(
      readScriptOptions(tag({ 'data-entity': 'san-isidro', src: 'https://chat.example.gov.co/widget.js' }), page),
    ).toEqual({
      entity: 'san-isidro',
      server: 'https://chat.example.gov.co',
      open: false,
    });
  });

  it('prefers data-server and keeps its path, without a trailing slash', () => {
    const options = readScriptOptions(
      tag({
        'data-entity': 'san-isidro',
        src: '/js/widget.js',
        'data-server': 'https://x.gov.co/chat/',
        'data-open': 'true',
      }),
      page,
    );
    expect(options).toEqual({ entity: 'san-isidro', server: 'https://x.gov.co/chat', open: true });
  });

  it('needs data-entity and an http(s) server', () => {
    expect(readScriptOptions(tag({ src: 'https://x.gov.co/widget.js' }), page)).toBeNull();
    expect(readScriptOptions(null, page)).toBeNull();
    expect(readScriptOptions(tag({ 'data-entity': 'a', 'data-server': 'javascript:alert(1)' }), page)).toBeNull();
  });

  it('turns the server into a ws(s) URL', () => {
    expect(socketUrl('https://x.gov.co', 'san isidro')).toBe('wss://x.gov.co/widget/v1/ws/san%20isidro');
    expect(socketUrl('http://127.0.0.1:3999', 'san-isidro')).toBe('ws://127.0.0.1:3999/widget/v1/ws/san-isidro');
  });
});
