import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { HOST, ORIGIN, PASSWORD, sessionCookieOf, sha256, startConsoleApp, type ConsoleApp } from './console-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(testProviders)('console sign-in and sessions on %s', (provider) => {
  let c: ConsoleApp;

  beforeEach(async () => {
    c = await startConsoleApp(provider);
    await c.addStaff('ana@sanisidro.gov.co', ['agente'], { name: 'Ana Asesora' });
  });
  afterEach(async () => c.close());

  const row = (email: string) => c.database.prisma.staffMember.findFirstOrThrow({ where: { email } });

  it('the right password gives an HttpOnly SameSite=Strict cookie, the person and a CSRF token; the password is stored only as argon2id', async () => {
    const response = await c.login('Ana@SanIsidro.gov.co');
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^vt_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const body = response.json();
    expect(body.me).toMatchObject({
      name: 'Ana Asesora',
      email: 'ana@sanisidro.gov.co',
      roles: ['agente'],
      permissions: ['handoff.attend'],
      presence: 'offline',
      dependency: null,
    });
    expect(body.csrfToken).toEqual(expect.any(String));

    const token = sessionCookieOf(response)!;
    const me = await c.call({ cookie: token, csrfToken: body.csrfToken, me: body.me }, 'GET', '/console/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);

    const stored = await row('ana@sanisidro.gov.co');
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
    const sessions = await c.database.prisma.consoleSession.findMany();
    expect(sessions.map((s) => s.tokenHash)).toEqual([sha256(token)]);
  });

  it('a wrong password and an unknown email get the same 401, and no cookie', async () => {
    const wrong = await c.login('ana@sanisidro.gov.co', 'no es la clave de Ana');
    const unknown = await c.login('nadie@sanisidro.gov.co', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'El correo o la contraseña no son correctos.' },
    });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a sign-in with a field it does not know (400), and creates no session', async () => {
    const response = await c.app.inject({
      method: 'POST',
      url: '/console/api/login',
      headers: { host: HOST, origin: ORIGIN },
      payload: { email: 'ana@sanisidro.gov.co', password: PASSWORD, role: 'administrador' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'La solicitud tiene datos que no son válidos.',
    });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await c.database.prisma.consoleSession.count()).toBe(0);
  });

  it('refuses a sign-in posted from another site (login CSRF) or without an Origin', async () => {
    const foreign = await c.login('ana@sanisidro.gov.co', PASSWORD, '198.51.100.10', 'https://evil.example');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('CSRF_INVALID');
    expect(foreign.headers['set-cookie']).toBeUndefined();
    const none = await c.login('ana@sanisidro.gov.co', PASSWORD, '198.51.100.10', null);
    expect(none.statusCode).toBe(403);
    expect(await c.database.prisma.consoleSession.count()).toBe(0);
  });

  it('slows brute force from one address: after 10 failures in a minute it gets 429, even with the right password', async () => {
    const ip = '203.0.113.50';
    // Different unknown emails, so no account lock gets in the way: this is the per-address limit.
    for (let i = 0; i < 10; i++)
      expect((await c.login(`prueba${i}@sanisidro.gov.co`, 'x'.repeat(12), ip)).statusCode).toBe(401);
    const blocked = await c.login('ana@sanisidro.gov.co', PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected, and the block ends with the window.
    expect((await c.login('ana@sanisidro.gov.co', PASSWORD, '203.0.113.51')).statusCode).toBe(200);
    await c.clock.advance(MINUTE + 1000);
    expect((await c.login('ana@sanisidro.gov.co', PASSWORD, ip)).statusCode).toBe(200);
  });

  it('locks the account after 5 failures for 15 minutes, doubling on repeat; a success resets the count', async () => {
    const email = 'ana@sanisidro.gov.co';
    // Each attempt from its own address: the account lock holds whatever the address.
    let n = 0;
    const attempt = (password: string) => c.login(email, password, `192.0.2.${++n}`);
    for (let i = 0; i < 4; i++) expect((await attempt('clave equivocada 1')).statusCode).toBe(401);
    const locked = await attempt('clave equivocada 1');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      details: { until: new Date(c.clock.now().getTime() + 15 * MINUTE).toISOString() },
    });
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    // The right password does not get through a lock.
    expect((await attempt(PASSWORD)).statusCode).toBe(423);
    await c.clock.advance(14 * MINUTE);
    expect((await attempt(PASSWORD)).statusCode).toBe(423);

    await c.clock.advance(MINUTE + 1000);
    // Five more failures after the lock: now 30 minutes.
    for (let i = 0; i < 4; i++) expect((await attempt('clave equivocada 2')).statusCode).toBe(401);
    const again = await attempt('clave equivocada 2');
    expect(again.statusCode).toBe(423);
    expect(again.json().error.details.until).toBe(new Date(c.clock.now().getTime() + 30 * MINUTE).toISOString());

    await c.clock.advance(30 * MINUTE + 1000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    expect(await row(email)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    // Back to the first step: the next lock is 15 minutes again.
    for (let i = 0; i < 4; i++) await attempt('clave equivocada 3');
    expect((await attempt('clave equivocada 3')).json().error.details.until).toBe(
      new Date(c.clock.now().getTime() + 15 * MINUTE).toISOString(),
    );
  });

  it('an unknown email is "locked" the same way, so a 423 does not reveal that an account exists', async () => {
    let n = 0;
    for (let i = 0; i < 4; i++)
      expect((await c.login('fantasma@sanisidro.gov.co', 'cualquier clave larga', `192.0.2.${++n}`)).statusCode).toBe(
        401,
      );
    const locked = await c.login('fantasma@sanisidro.gov.co', 'cualquier clave larga', `192.0.2.${n + 1}`);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.details.until).toBe(new Date(c.clock.now().getTime() + 15 * MINUTE).toISOString());
  });

  it('with the cookie, a state change without or with a wrong x-csrf-token is refused with 403 and changes nothing', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    for (const csrf of [null, 'token-falso', ana.csrfToken.slice(1) + 'A']) {
      const refused = await c.call(ana, 'POST', '/console/api/presence', { presence: 'online' }, csrf);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('CSRF_INVALID');
      expect((await row('ana@sanisidro.gov.co')).presence).toBe('offline');
    }
    // Another session's token does not fit this session either.
    const other = await c.signIn('ana@sanisidro.gov.co');
    expect(
      (await c.call(ana, 'POST', '/console/api/presence', { presence: 'online' }, other.csrfToken)).statusCode,
    ).toBe(403);

    const accepted = await c.call(ana, 'POST', '/console/api/presence', { presence: 'online' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().agent).toMatchObject({ name: 'Ana Asesora', presence: 'online' });
    expect((await row('ana@sanisidro.gov.co')).presence).toBe('online');
  });

  it('a session ends after 2 hours without use, even if it is younger than 12 hours', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    await c.clock.advance(HOUR + 59 * MINUTE);
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(200);
    // That request counted as activity: another 1 h 59 min is still fine.
    await c.clock.advance(HOUR + 59 * MINUTE);
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(200);
    await c.clock.advance(2 * HOUR);
    const expired = await c.call(ana, 'GET', '/console/api/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('UNAUTHENTICATED');
    expect(String(expired.headers['set-cookie'])).toMatch(/^vt_console=; Max-Age=0;/);
    expect(await c.database.prisma.consoleSession.count()).toBe(0);
  });

  it('a session ends 12 hours after sign-in however active it is', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    for (let h = 1; h < 12; h++) {
      await c.clock.advance(HOUR);
      expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(200);
    }
    await c.clock.advance(HOUR);
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(401);
  });

  it('logout deletes the session and clears the cookie; the old cookie no longer works', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    const out = await c.call(ana, 'POST', '/console/api/logout');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /^vt_console=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/,
    );
    expect(await c.database.prisma.consoleSession.count()).toBe(0);
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(401);
  });

  it('another site cannot sign a person out: logout with the cookie but without the CSRF token is refused', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    expect((await c.call(ana, 'POST', '/console/api/logout', undefined, null)).statusCode).toBe(403);
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(200);
  });

  it('disabling a person ends their sessions at once and they cannot sign in again', async () => {
    const ana = await c.signIn('ana@sanisidro.gov.co');
    await c.directory.disable('ana@sanisidro.gov.co');
    expect((await c.call(ana, 'GET', '/console/api/me')).statusCode).toBe(401);
    expect(await c.database.prisma.consoleSession.count()).toBe(0);
    const again = await c.login('ana@sanisidro.gov.co');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('without a session the console API answers 401', async () => {
    expect((await c.call(null, 'GET', '/console/api/me')).statusCode).toBe(401);
    expect((await c.call(null, 'GET', '/console/api/handoffs')).statusCode).toBe(401);
    expect(
      (await c.call({ cookie: 'a'.repeat(43), csrfToken: 'x', me: {} }, 'GET', '/console/api/me')).statusCode,
    ).toBe(401);
  });

  it('the officials case API accepts the cookie: reading works, and a filing without the CSRF token is refused and files nothing', async () => {
    await c.addStaff('gestor@sanisidro.gov.co', ['gestor'], { name: 'Gabriel Gestor' });
    const gestor = await c.signIn('gestor@sanisidro.gov.co');
    const list = await c.call(gestor, 'GET', '/api/v1/cases');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [], total: 0 });

    const petition = {
      type: 'denuncia',
      requesterKind: 'anonima',
      description: 'Cobran por un trámite que es gratuito en la ventanilla.',
    };
    const refused = await c.call(gestor, 'POST', '/api/v1/cases', petition, null);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CSRF_INVALID');
    expect(await c.database.prisma.pqrsdCase.count()).toBe(0);

    const filed = await c.call(gestor, 'POST', '/api/v1/cases', petition);
    expect(filed.statusCode).toBe(201);
    expect(await c.database.prisma.pqrsdCase.count()).toBe(1);
    expect((await c.call(gestor, 'GET', '/api/v1/cases')).json().total).toBe(1);
  });
});
