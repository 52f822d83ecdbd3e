import { randomUUID } from 'node:crypto';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  ChannelHost,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import type { OutboundMessage } from '../../lib/messages.js';
import { SessionLease } from './session-lease.js';
import { realTimers, type WhatsappAdapterOptions, type WhatsappParts } from './whatsapp-adapter-options.js';
import { ConnectionState } from './whatsapp-connection-state.js';
import { WhatsappConnection } from './whatsapp-connection.js';
import { toDeliveryUpdate } from './whatsapp-delivery.js';
import { WhatsappInboundQueue } from './whatsapp-inbound-queue.js';
import { LeaseHolder } from './whatsapp-lease-holder.js';
import { WhatsappSender } from './whatsapp-sender.js';

export { realTimers, type Timers, type WhatsappAdapterOptions } from './whatsapp-adapter-options.js';

/**
 * WhatsApp through Baileys: the entity's number as a linked device. One instance at a time holds the number's
 * session (a lease in the database, whatsapp-lease-holder.ts); the others stand by. The socket
 * (whatsapp-connection.ts) hands its events to the inbound queue (whatsapp-inbound-queue.ts), which stores them
 * through the runtime; sends (whatsapp-sender.ts) are paced, announced with "typing…", and carry deterministic ids.
 */
export class WhatsappAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = {
    maxButtons: 0,
    maxTextLength: 4096,
    typingIndicator: true,
    attachments: true,
  };
  readonly instanceId: string;

  private host: ChannelHost | undefined;
  private running = false;
  private readonly state: ConnectionState;
  private readonly leaseHolder: LeaseHolder;
  private readonly connection: WhatsappConnection;
  private readonly inbound: WhatsappInboundQueue;
  private readonly sender: WhatsappSender;

  constructor(private readonly options: WhatsappAdapterOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    const parts: WhatsappParts = {
      options,
      now: options.now ?? (() => new Date()),
      timers: options.timers ?? realTimers,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    this.state = new ConnectionState({
      timers: parts.timers,
      now: parts.now,
      logger: options.logger,
      alertAfterMs: options.alertAfterMs,
      running: () => this.running,
    });
    this.inbound = new WhatsappInboundQueue(parts, () => this.host);
    this.connection = new WhatsappConnection(
      parts,
      this.state,
      () => ({ running: this.running, leaseHeld: this.leaseHolder.held }),
      {
        messages: (socket, messages) => {
          for (const message of messages) this.inbound.enqueue(socket, message);
        },
        updates: (updates) => {
          for (const update of updates) {
            const delivery = toDeliveryUpdate(update, options.entityId, parts.now());
            if (delivery)
              this.host
                ?.delivery(delivery)
                .catch((error: unknown) =>
                  options.logger.warn({ err: error }, 'whatsapp: delivery status not recorded'),
                );
          }
        },
        lidMapping: (pn, lid) => this.inbound.enqueueLidMapping(pn, lid),
      },
    );
    this.leaseHolder = new LeaseHolder({
      lease: new SessionLease(
        options.prisma,
        `whatsapp:${options.entityId}`,
        this.instanceId,
        options.leaseTtlMs ?? 30_000,
        parts.now,
      ),
      timers: parts.timers,
      renewMs: options.leaseRenewMs ?? 10_000,
      logger: options.logger,
      state: this.state,
      running: () => this.running,
      onTaken: () => this.connection.connect(),
      onLost: () => {
        this.connection.cancelReconnect();
        this.connection.close();
      },
    });
    this.sender = new WhatsappSender(parts, () => ({ socket: this.connection.socket, state: this.state.state }));
  }

  /** Resolves once every message the socket has delivered so far is stored (or given up on): tests, shutdown. */
  inboundIdle(): Promise<void> {
    return this.inbound.idle();
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    this.running = true;
    this.state.set('connecting');
    void this.leaseHolder.take();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.leaseHolder.stopTimer();
    this.connection.cancelReconnect();
    this.state.clearAlert();
    this.connection.close();
    await this.inbound.current();
    await this.connection.credsSaves;
    await this.leaseHolder.release();
    this.state.set('disconnected', 'Canal detenido.');
  }

  health(): ChannelHealth {
    return this.state.health;
  }

  /** What the admin page shows while pairing. */
  pairing(): { qr?: string; pairingCode?: string } {
    return this.connection.pairing();
  }

  /** An 8-character code to type on the phone (Dispositivos vinculados → Vincular con número), instead of the QR. */
  requestPairingCode(phoneDigits: string): Promise<string | undefined> {
    return this.connection.requestPairingCode(phoneDigits);
  }

  /**
   * The administrator's way back from a state the adapter does not leave alone (banned, bad session, logged out
   * twice): forgets the stored session and starts a new pairing. False when this instance is not in such a state.
   */
  relink(): Promise<boolean> {
    return this.connection.relink();
  }

  send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    return this.sender.send(recipientId, message, context);
  }
}
