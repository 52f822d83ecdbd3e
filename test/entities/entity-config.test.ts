import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { entityConfig } from '../../src/host/entity-config.js';
import { routeRequest } from '../../src/host/entity-router.js';

const deployment = loadConfig({
  NODE_ENV: 'test',
  PUBLIC_URL: 'https://chat.gobernacion.gov.co',
  TELEGRAM_BOT_TOKEN: '123456:alcaldia-token-abcdefghijklmnopqrstuv',
  TRUST_PROXY: '2',
});

describe('channels per entity', () => {
  it('keeps the deployment channels for the first entity and gives another only the ones it names', () => {
    expect(entityConfig(deployment, { slug: 'alcaldia', settings: {} }, true)).toBe(deployment);
    const concejo = entityConfig(deployment, { slug: 'concejo', settings: {} }, false);
    // Never the first entity's bot: two runtimes polling one bot would steal each other's updates.
    expect(concejo.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(concejo.PUBLIC_URL).toBe('https://chat.gobernacion.gov.co/e/concejo');
    expect(concejo.TRUST_PROXY).toBe(2);
    const own = entityConfig(
      deployment,
      { slug: 'concejo', settings: { variables: { TELEGRAM_BOT_TOKEN: 'CONCEJO_BOT' } } },
      false,
      { CONCEJO_BOT: '654321:concejo-token-abcdefghijklmnopqrstuv' },
    );
    expect(own.TELEGRAM_BOT_TOKEN).toBe('654321:concejo-token-abcdefghijklmnopqrstuv');
  });

  it('refuses a setting that is not a channel secret or a variable name, in Spanish', () => {
    expect(() =>
      entityConfig(deployment, { slug: 'concejo', settings: { variables: { DATABASE_URL: 'OTRA_BASE' } } }, false),
    ).toThrow(/use solo estas claves: TELEGRAM_BOT_TOKEN/);
    expect(() =>
      entityConfig(deployment, { slug: 'concejo', settings: { variables: { TELEGRAM_BOT_TOKEN: 'abc' } } }, false),
    ).toThrow(/escriba el nombre de una variable de entorno/);
  });
});

describe('which entity a request is for', () => {
  const served = (slug: string) => ['alcaldia', 'concejo'].includes(slug);
  it('sends /e/<slug>/… to that entity without the prefix, and widget and webhook URLs by the slug they name', () => {
    expect(routeRequest('/e/concejo/console/api/me?x=1', served)).toEqual({
      slug: 'concejo',
      url: '/console/api/me?x=1',
    });
    expect(routeRequest('/e/concejo', served)).toEqual({ slug: 'concejo', url: '/' });
    expect(routeRequest('/widget/v1/ws/concejo', served)).toEqual({ slug: 'concejo', url: '/widget/v1/ws/concejo' });
    expect(routeRequest('/webhooks/telegram/concejo', served).slug).toBe('concejo');
  });

  it('leaves everything else, unknown slugs included, to the first entity as before', () => {
    expect(routeRequest('/console/api/me', served)).toEqual({ slug: undefined, url: '/console/api/me' });
    expect(routeRequest('/e/nadie/console', served)).toEqual({ slug: undefined, url: '/e/nadie/console' });
    expect(routeRequest('/widget/v1/ws/%E0%A4%A', served).slug).toBeUndefined();
  });
});
