import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWidgetSecret } from '../../../src/channels/web/widget-secret.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../core/harness.js';
import { contrastRatio } from '../../../src/channels/web/contrast-ratio.js';
import { isAllowedOrigin } from '../../../src/channels/web/allowed-origin.js';
import { SessionTokens } from '../../../src/channels/web/session-token.js';
import { parseWidgetSettings } from '../../../src/channels/web/widget-settings.js';

describe('widget settings', () => {
  it('fills sensible defaults and picks a readable text colour for the brand colour', () => {
    const s = parseWidgetSettings({
      widget: { colorPrincipal: '#FFD100' },
      pqrsd: { politicaDatos: { url: 'https://x.gov.co/datos' } },
    });
    expect(s.branding).toMatchObject({
      title: 'A.V.A',
      primaryColor: '#ffd100',
      primaryTextColor: '#1a1a1a',
      privacyUrl: 'https://x.gov.co/datos',
    });
    expect(parseWidgetSettings({}).branding.primaryTextColor).toBe('#ffffff');
  });

  it('refuses brand colours whose text would not be readable (WCAG AA 4.5:1)', () => {
    expect(() =>
      parseWidgetSettings({ widget: { colorPrincipal: '#7fb2e5', colorTextoPrincipal: '#ffffff' } }),
    ).toThrow(/contraste de 2\.\d\d:1 y se necesita al menos 4\.5:1/);
  });

  it('names the bad setting in Spanish', () => {
    expect(() => parseWidgetSettings({ widget: { colorPrincipal: 'azul' } })).toThrow(
      /widget\.colorPrincipal: escriba el color en formato hexadecimal/,
    );
    expect(() => parseWidgetSettings({ widget: { origenesPermitidos: ['https://portal.gov.co/tramites'] } })).toThrow(
      /no es un origen: escriba solo el protocolo y el dominio/,
    );
    expect(() => parseWidgetSettings({ widget: { colour: '#000000' } })).toThrow(/widget/);
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b5394', '#ffffff')).toBeGreaterThan(7);
  });
});

describe('allowed origins', () => {
  it('allows the server itself and the listed origins only', () => {
    const list = ['https://www.alcaldia.gov.co'];
    expect(isAllowedOrigin('http://127.0.0.1:3000', '127.0.0.1:3000', list)).toBe(true);
    expect(isAllowedOrigin('https://www.alcaldia.gov.co', 'chat.example', list)).toBe(true);
    expect(isAllowedOrigin('https://www.alcaldia.gov.co.evil.example', 'chat.example', list)).toBe(false);
    expect(isAllowedOrigin('http://www.alcaldia.gov.co', 'chat.example', list)).toBe(false);
    expect(isAllowedOrigin(undefined, 'chat.example', list)).toBe(false);
    expect(isAllowedOrigin('null', 'chat.example', list)).toBe(false);
  });
});

describe('session tokens', () => {
  const at = (iso: string) => () => new Date(iso);
  it('verify for their entity until they are 90 days old', () => {
    const token = new SessionTokens('s'.repeat(32), at('2026-01-01T00:00:00Z')).issue('entidad-1', 'w_abc');
    expect(new SessionTokens('s'.repeat(32), at('2026-03-31T00:00:00Z')).verify(token, 'entidad-1')?.sessionId).toBe(
      'w_abc',
    );
    expect(new SessionTokens('s'.repeat(32), at('2026-04-02T00:00:00Z')).verify(token, 'entidad-1')).toBeUndefined();
    expect(new SessionTokens('s'.repeat(32), at('2026-01-02T00:00:00Z')).verify(token, 'entidad-2')).toBeUndefined();
    expect(new SessionTokens('s'.repeat(32)).verify('v1.e30.x', 'entidad-1')).toBeUndefined();
    expect(() => new SessionTokens('corto')).toThrow(/32/);
  });
});

describe('the widget secret', () => {
  it('is generated once next to the SQLite file and reused, unless WIDGET_SECRET is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'widget-secret-'));
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'datos', 'ventanilla.db')}`, NODE_ENV: 'development' });
    const first = await resolveWidgetSecret(config, silentLogger);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'datos', 'widget-secret');
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await resolveWidgetSecret(config, silentLogger)).toBe(first);
    const fromEnv = loadConfig({ DATABASE_URL: config.DATABASE_URL, WIDGET_SECRET: 'x'.repeat(40) });
    expect(await resolveWidgetSecret(fromEnv, silentLogger)).toBe('x'.repeat(40));
  });
});
