import { expect } from 'vitest';
import type { OutboundMessageInput } from '../../src/lib/messages.js';
import type { Effect } from '../../src/flows/effect.js';
import type { FlowBundle } from '../../src/flows/flow-bundle.js';
import type { FlowEvent } from '../../src/flows/flow-event.js';
import type { FlowSession } from '../../src/flows/flow-session.js';
import type { JsonValue } from '../../src/lib/json-value.js';
import { step } from '../../src/flows/step.js';

/** In-test implementation of an action: return a value, or throw to make the action fail. */
export type FakeAction = (args: Record<string, JsonValue>) => JsonValue | Promise<JsonValue>;

/**
 * A conversation against the pure interpreter that reads like a chat. It plays the runner's part: runs `call`
 * effects with fake actions, applies `remember`, and round-trips the session through JSON between every step, as
 * the database would.
 */
export class ScriptedChat {
  /** The stored session, as JSON text; null before the first step. */
  stored: string | null;
  contact: { name?: string } = {};
  now = new Date('2025-03-10T15:00:00Z');
  channel = 'fake';
  /** Messages sent since the last citizen action. */
  replies: OutboundMessageInput[] = [];
  /** Every effect since the last citizen action. */
  effects: Effect[] = [];
  /** Actions called since the last citizen action, with their arguments. */
  calls: { action: string; args: Record<string, JsonValue> }[] = [];

  constructor(
    public bundle: FlowBundle,
    private actions: Record<string, FakeAction> = {},
    stored: string | null = null,
  ) {
    this.stored = stored;
  }

  get session(): FlowSession | null {
    return this.stored === null ? null : (JSON.parse(this.stored) as FlowSession);
  }

  private async run(event: FlowEvent): Promise<void> {
    let next: FlowEvent | null = event;
    let guard = 0;
    while (next && guard++ < 50) {
      const before = this.stored;
      const result = step(this.bundle, this.session, next, {
        now: this.now,
        channel: this.channel,
        contact: { ...this.contact },
      });
      // step must not touch its input: the stored text is what it was.
      expect(this.stored).toBe(before);
      this.stored = JSON.stringify(result.session);
      expect(JSON.parse(this.stored)).toEqual(result.session);
      next = null;
      result.effects.forEach((e, i) => {
        if (e.type === 'call') expect(i, 'call must be the last effect').toBe(result.effects.length - 1);
      });
      for (const e of result.effects) {
        this.effects.push(e);
        if (e.type === 'send') this.replies.push(e.message);
        if (e.type === 'remember') this.contact.name = e.value;
        if (e.type === 'call') {
          this.calls.push({ action: e.action, args: e.args });
          const impl = this.actions[e.action];
          try {
            if (!impl) throw new Error(`no fake for ${e.action}`);
            next = { type: 'action.result', ok: true, value: await impl(e.args) };
          } catch (err) {
            next = { type: 'action.result', ok: false, error: (err as Error).message };
          }
        }
      }
    }
  }

  private reset(): void {
    this.replies = [];
    this.effects = [];
    this.calls = [];
  }

  async start(): Promise<this> {
    this.reset();
    await this.run({ type: 'start' });
    return this;
  }

  async send(text: string): Promise<this> {
    this.reset();
    await this.run({ type: 'message', text, attachments: [] });
    return this;
  }

  async tap(payload: string, text?: string): Promise<this> {
    this.reset();
    await this.run({ type: 'message', payload, ...(text !== undefined ? { text } : {}), attachments: [] });
    return this;
  }

  async idle(): Promise<this> {
    this.reset();
    await this.run({ type: 'idle' });
    return this;
  }

  /** Texts sent since the last citizen action. */
  get texts(): string[] {
    return this.replies.map((r) => r.text ?? '');
  }

  /** Options of the last message that had any. */
  get options(): { label: string; value: string }[] {
    return [...this.replies].reverse().find((r) => (r.options ?? []).length > 0)?.options ?? [];
  }

  /** Asserts that some message since the last citizen action matches. */
  expectReply(pattern: RegExp | string): this {
    const texts = this.texts;
    const ok = texts.some((t) => (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)));
    expect(ok, `expected a reply matching ${String(pattern)}, got:\n${texts.join('\n---\n')}`).toBe(true);
    return this;
  }

  expectNoReply(pattern: RegExp | string): this {
    const texts = this.texts;
    const hit = texts.some((t) => (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)));
    expect(hit, `expected no reply matching ${String(pattern)}, got:\n${texts.join('\n---\n')}`).toBe(false);
    return this;
  }

  expectEnded(reason: 'completed' | 'cancelled' | 'idle'): this {
    expect(this.effects).toContainEqual({ type: 'end', reason });
    expect(this.session?.status).toBe('ended');
    return this;
  }

  /** Where the session waits: `flow/node`. */
  get at(): string {
    const s = this.session;
    return s ? `${s.flowId}/${s.nodeId}` : '';
  }
}

export function scriptedChat(bundle: FlowBundle, actions: Record<string, FakeAction> = {}): ScriptedChat {
  return new ScriptedChat(bundle, actions);
}
