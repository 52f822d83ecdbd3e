import { describe, expect, it } from 'vitest';
import { RuntimePorts } from '../../src/core/runtime-ports.js';

describe('runtime ports', () => {
  it('fail loudly when a service uses the engine before Runtime.create wired it, and can be wired once', async () => {
    const ports = new RuntimePorts();
    await expect(ports.notify('c1', { text: 'Hola' })).rejects.toThrow(
      'runtime ports used (notify) before Runtime.create wired them',
    );
    expect(() => ports.flows()).toThrow('runtime ports used (flows) before Runtime.create wired them');

    const notified: string[] = [];
    const engine = {
      notify: async (conversationId: string) => {
        notified.push(conversationId);
      },
      begin: async () => 'c2',
    };
    ports.wire(engine, { current: () => ({}) as ReturnType<RuntimePorts['flows']> });
    await ports.notify('c1', { text: 'Hola' });
    expect(notified).toEqual(['c1']);
    expect(await ports.begin({ entityId: 'e', contactId: 'k', channel: 'web' }, 'encuesta', {})).toBe('c2');
    expect(() => ports.wire(engine, { current: () => ({}) as ReturnType<RuntimePorts['flows']> })).toThrow(
      'already wired',
    );
  });
});
