import { DisconnectReason, type WAVersion } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bundledWebVersion,
  chooseWebVersion,
  type WebVersionFetcher,
} from '../../../src/channels/whatsapp/web-version.js';
import { testProviders } from '../../support/test-database.js';
import { ManualTimers } from './fake-socket.js';
import { startWhatsappApp, type WhatsappApp } from './whatsapp-app.js';

const current: WAVersion = [2, 3000, 1099999999];
const timeoutMs = 8_000;

function waitWith(timers: ManualTimers) {
  return (run: () => void, ms: number) => {
    const handle = timers.set(run, ms);
    return () => timers.clear(handle);
  };
}

describe('chooseWebVersion', () => {
  it('takes the version WhatsApp Web serves now', async () => {
    const timers = new ManualTimers();
    const choice = await chooseWebVersion(
      async () => ({ version: current, isLatest: true }),
      timeoutMs,
      waitWith(timers),
    );
    expect(choice).toEqual({ version: current, source: 'latest' });
    expect(timers.pending.size).toBe(0);
  });

  it('offline, Baileys answers with the bundled version and isLatest false: that one is used', async () => {
    const offline: WebVersionFetcher = async () => ({
      version: bundledWebVersion,
      isLatest: false,
      error: new Error('getaddrinfo ENOTFOUND web.whatsapp.com'),
    });
    const choice = await chooseWebVersion(offline, timeoutMs, waitWith(new ManualTimers()));
    expect(choice).toEqual({
      version: bundledWebVersion,
      source: 'bundled',
      reason: 'getaddrinfo ENOTFOUND web.whatsapp.com',
    });
  });

  it('a fetcher that throws or answers something malformed falls back to the bundled version', async () => {
    const thrown = await chooseWebVersion(
      () => Promise.reject(new Error('boom')),
      timeoutMs,
      waitWith(new ManualTimers()),
    );
    expect(thrown).toMatchObject({ version: bundledWebVersion, source: 'bundled', reason: 'boom' });
    const malformed = await chooseWebVersion(
      async () => ({ version: [2, NaN, 1] as WAVersion, isLatest: true }),
      timeoutMs,
      waitWith(new ManualTimers()),
    );
    expect(malformed).toMatchObject({ version: bundledWebVersion, source: 'bundled' });
  });

  it('no answer in time: the bundled version, and the request is aborted', async () => {
    const timers = new ManualTimers();
    let signal: AbortSignal | undefined;
    const choice = chooseWebVersion((s) => ((signal = s), new Promise(() => undefined)), timeoutMs, waitWith(timers));
    expect(timers.fire(timeoutMs)).toBe(1);
    expect(await choice).toMatchObject({
      version: bundledWebVersion,
      source: 'bundled',
      reason: `no answer within ${timeoutMs} ms`,
    });
    expect(signal?.aborted).toBe(true);
  });
});

describe.each(testProviders)('WhatsApp (Baileys): the WhatsApp Web version the socket announces, on %s', (provider) => {
  let w: WhatsappApp | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('connects with the current version when it can be had, and asks again after WhatsApp refuses one (405)', async () => {
    const fetchWebVersion = vi.fn<WebVersionFetcher>(async () => ({ version: current, isLatest: true }));
    const app = (w = await startWhatsappApp(provider, { tuning: { fetchWebVersion } }));
    await app.connect();
    expect(app.sockets.latest.config.version).toEqual(current);
    expect(fetchWebVersion).toHaveBeenCalledTimes(1);

    // An ordinary reconnect reuses the version it has.
    app.sockets.latest.close(DisconnectReason.connectionLost);
    await vi.waitFor(() => expect(app.timers.pending.size).toBeGreaterThan(0));
    app.timers.fire(app.timers.scheduled.at(-1)!);
    await vi.waitFor(() => expect(app.sockets.sockets).toHaveLength(2));
    expect(fetchWebVersion).toHaveBeenCalledTimes(1);

    const newer: WAVersion = [2, 3000, 1100000000];
    fetchWebVersion.mockResolvedValue({ version: newer, isLatest: true });
    app.sockets.latest.close(405);
    await vi.waitFor(() => expect(app.adapter.health().detail ?? '').toMatch(/código 405/));
    app.timers.fire(app.timers.scheduled.at(-1)!);
    await vi.waitFor(() => expect(app.sockets.sockets).toHaveLength(3));
    expect(fetchWebVersion).toHaveBeenCalledTimes(2);
    expect(app.sockets.latest.config.version).toEqual(newer);
  });

  it('without internet (the fetcher never answers), connects with the bundled version once the wait is over', async () => {
    const app = (w = await startWhatsappApp(provider, {
      tuning: { fetchWebVersion: () => new Promise(() => undefined), webVersionTimeoutMs: timeoutMs },
    }));
    await vi.waitFor(() => expect(app.timers.delays()).toContain(timeoutMs));
    expect(app.sockets.sockets).toHaveLength(0);
    app.timers.fire(timeoutMs);
    await vi.waitFor(() => expect(app.sockets.sockets).toHaveLength(1));
    expect(app.sockets.latest.config.version).toEqual(bundledWebVersion);
    app.sockets.latest.open();
    expect(app.adapter.health().state).toBe('connected');
    expect(app.lines.some((l) => l.msg === 'whatsapp: WhatsApp Web version chosen' && l.source === 'bundled')).toBe(
      true,
    );
  });
});
