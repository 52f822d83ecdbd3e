import WebSocket from 'ws';
import { vi } from 'vitest';

interface Frame {
  type: string;
  message?: { from: string; text: string };
  code?: string;
}

/** A citizen on an entity's web widget, over a real WebSocket to a listening server. */
export class WidgetCitizen {
  readonly frames: Frame[] = [];
  private sent = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString('utf8')) as Frame));
  }

  static async connect(serverUrl: string, slug: string): Promise<WidgetCitizen> {
    const socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/widget/v1/ws/${slug}`, { origin: serverUrl });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const citizen = new WidgetCitizen(socket);
    socket.send(JSON.stringify({ type: 'hello' }));
    await vi.waitFor(() => {
      if (!citizen.frames.some((f) => f.type === 'welcome')) throw new Error('no welcome yet');
    });
    return citizen;
  }

  /** What the bot and agents wrote, in order. */
  replies(): string[] {
    return this.frames.filter((f) => f.type === 'message' && f.message?.from !== 'citizen').map((f) => f.message!.text);
  }

  /** Sends a message and waits until a reply containing `expected` arrives after it. */
  async say(text: string, expected: string | RegExp): Promise<string[]> {
    const before = this.replies().length;
    this.socket.send(JSON.stringify({ type: 'message', id: `citizen-${String(++this.sent).padStart(4, '0')}`, text }));
    let fresh: string[] = [];
    await vi.waitFor(
      () => {
        fresh = this.replies().slice(before);
        if (!fresh.some((r) => (typeof expected === 'string' ? r.includes(expected) : expected.test(r))))
          throw new Error(`no reply with ${String(expected)} yet; got ${JSON.stringify(fresh)}`);
      },
      { timeout: 15_000, interval: 50 },
    );
    return fresh;
  }

  close(): void {
    this.socket.close();
  }
}
