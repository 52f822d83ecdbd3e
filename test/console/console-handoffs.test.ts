import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/harness.js';
import { testProviders } from '../support/test-database.js';
import { HOST, ORIGIN, startConsoleApp, type ConsoleApp, type SignedInClient } from './console-app.js';

/** A console socket that records frames and its close code. */
class LiveClient {
  readonly frames: Record<string, unknown>[] = [];
  closed: number | undefined;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.on('close', (code) => (this.closed = code));
  }
  async until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe.each(testProviders)('console handoff API and live socket on %s', (provider) => {
  let c: ConsoleApp;
  let ana: SignedInClient;
  let beto: SignedInClient;
  let sara: SignedInClient;

  beforeEach(async () => {
    c = await startConsoleApp(provider, { pingMs: 100 });
    await c.addStaff('ana@sanisidro.gov.co', ['agente'], { name: 'Ana Asesora' });
    await c.addStaff('beto@sanisidro.gov.co', ['agente'], { name: 'Beto Asesor' });
    await c.addStaff('sara@sanisidro.gov.co', ['supervisor'], { name: 'Sara Supervisora' });
    ana = await c.signIn('ana@sanisidro.gov.co');
    beto = await c.signIn('beto@sanisidro.gov.co');
    sara = await c.signIn('sara@sanisidro.gov.co');
  });
  afterEach(async () => c.close());

  /** A citizen's web conversation that asks for a person (what the "asesor" command's action does). */
  async function citizenAsksForAgent(name: string): Promise<string> {
    const prisma = c.database.prisma;
    const contact = await prisma.contact.create({
      data: {
        entityId: c.entity.id,
        displayName: name,
        identities: { create: { entityId: c.entity.id, channel: 'web', externalId: `w-${name}` } },
      },
    });
    const conversation = await prisma.conversation.create({
      data: { entityId: c.entity.id, contactId: contact.id, channel: 'web' },
    });
    await c.handoffs.request(
      { reason: 'Quiere hablar con una persona.' },
      {
        entityId: c.entity.id,
        conversationId: conversation.id,
        contactId: contact.id,
        channel: 'web',
        idempotencyKey: `k-${conversation.id}`,
        logger: silentLogger,
      },
    );
    await c.handoffs.idle();
    const handoff = await prisma.handoff.findFirstOrThrow({ where: { conversationId: conversation.id } });
    return handoff.id;
  }

  async function connect(client: SignedInClient | null, origin = ORIGIN): Promise<LiveClient> {
    let live: LiveClient | undefined;
    const headers: Record<string, string> = { host: HOST, origin };
    if (client) headers.cookie = `vt_console=${client.cookie}`;
    await c.app.injectWS('/console/ws', { headers } as never, { onInit: (ws) => (live = new LiveClient(ws)) });
    return live!;
  }

  it('lists the queue, lets exactly one of two agents take a conversation, then reply, note, read and close it', async () => {
    const id = await citizenAsksForAgent('Carmen');
    const listed = await c.call(ana, 'GET', '/console/api/handoffs');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().handoffs).toEqual([
      expect.objectContaining({ id, status: 'queued', position: 1, citizenLabel: 'Carmen' }),
    ]);

    const offline = await c.call(ana, 'POST', '/console/api/handoffs/take', { id });
    expect(offline.statusCode).toBe(409);
    expect(offline.json().error.code).toBe('NOT_ONLINE');

    for (const agent of [ana, beto])
      expect((await c.call(agent, 'POST', '/console/api/presence', { presence: 'online' })).statusCode).toBe(200);
    const [first, second] = await Promise.all([
      c.call(ana, 'POST', '/console/api/handoffs/take', { id }),
      c.call(beto, 'POST', '/console/api/handoffs/take', { id }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const [winner, loser] = first.statusCode === 200 ? [first, second] : [second, first];
    expect(loser.json().error.code).toBe('ALREADY_TAKEN');
    expect(loser.json().error.message).toEqual(expect.any(String));
    const holder = first.statusCode === 200 ? ana : beto;
    expect(winner.json().handoff).toMatchObject({ id, status: 'assigned' });

    const reply = await c.call(holder, 'POST', `/console/api/handoffs/${id}/reply`, {
      text: 'Hola Carmen, ¿en qué le ayudo?',
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().message).toMatchObject({
      from: 'agent',
      text: expect.stringContaining('Hola Carmen, ¿en qué le ayudo?'),
    });
    const note = await c.call(holder, 'POST', `/console/api/handoffs/${id}/note`, {
      text: 'Pregunta por el impuesto predial.',
    });
    expect(note.json().message).toMatchObject({ from: 'note' });
    expect((await c.call(holder, 'POST', `/console/api/handoffs/${id}/reply`, { text: '   ' })).statusCode).toBe(400);
    expect((await c.call(holder, 'POST', `/console/api/handoffs/${id}/read`)).statusCode).toBe(204);

    const detail = await c.call(holder, 'GET', `/console/api/handoffs/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().handoff.transcript.map((m: { from: string }) => m.from)).toEqual(
      expect.arrayContaining(['agent', 'note']),
    );

    const closed = await c.call(holder, 'POST', `/console/api/handoffs/${id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().handoff.status).toBe('closed');
  });

  it('maps the service refusals to the contract statuses and keeps the supervisors list for supervisors', async () => {
    const missing = await c.call(ana, 'GET', '/console/api/handoffs/no-existe');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');

    const forbidden = await c.call(ana, 'GET', '/console/api/agents');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    const agents = await c.call(sara, 'GET', '/console/api/agents');
    expect(agents.statusCode).toBe(200);
    expect(agents.json().agents.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['Ana Asesora', 'Beto Asesor']),
    );

    const areas = await c.call(ana, 'GET', '/console/api/areas');
    expect(areas.json().areas).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: expect.any(String), name: expect.any(String) })]),
    );
    expect((await c.call(ana, 'GET', '/console/api/canned-responses')).json()).toEqual({
      responses: expect.any(Array),
    });
  });

  it('the socket forwards events without the entity id to agents, pings, and closes with 4001 once the session ends', async () => {
    const agentSocket = await connect(ana);
    await citizenAsksForAgent('Diego');
    await agentSocket.until(() => agentSocket.frames.some((f) => f.type === 'queue.changed'), 'queue.changed');
    expect(agentSocket.frames.every((f) => !('entityId' in f))).toBe(true);
    await agentSocket.until(() => agentSocket.frames.some((f) => f.type === 'ping'), 'ping');
    agentSocket.ws.send(JSON.stringify({ type: 'pong' }));

    expect((await c.call(ana, 'POST', '/console/api/logout')).statusCode).toBe(204);
    await agentSocket.until(() => agentSocket.closed !== undefined, 'close');
    expect(agentSocket.closed).toBe(4001);
  });

  it('a person without handoff permissions gets no conversation events; no session or another origin is closed at once', async () => {
    await c.addStaff('fabio@sanisidro.gov.co', ['funcionario'], {
      name: 'Fabio Funcionario',
      dependency: 'Secretaría de Hacienda',
    });
    const fabio = await c.signIn('fabio@sanisidro.gov.co');
    const fabioSocket = await connect(fabio);
    const anaSocket = await connect(ana);
    await citizenAsksForAgent('Elena');
    await anaSocket.until(() => anaSocket.frames.some((f) => f.type === 'queue.changed'), 'queue.changed');
    await fabioSocket.until(() => fabioSocket.frames.some((f) => f.type === 'ping'), 'ping');
    expect(fabioSocket.frames.filter((f) => f.type !== 'ping')).toEqual([]);

    const anonymous = await connect(null);
    await anonymous.until(() => anonymous.closed !== undefined, 'close');
    expect(anonymous.closed).toBe(4001);
    const foreign = await connect(ana, 'https://evil.example');
    await foreign.until(() => foreign.closed !== undefined, 'close');
    expect(foreign.closed).toBe(4003);
  });
});
