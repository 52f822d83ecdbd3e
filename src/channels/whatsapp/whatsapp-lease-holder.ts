import type { Logger } from 'pino';
import type { SessionLease } from './session-lease.js';
import type { Timers } from './whatsapp-adapter-options.js';
import type { ConnectionState } from './whatsapp-connection-state.js';

/**
 * One instance at a time holds the number's session: the lease in the database is taken, renewed, and given up when
 * another instance took it (this one stands by and tries again every `renewMs`).
 */
export class LeaseHolder {
  held = false;
  private timer: unknown;

  constructor(
    private readonly deps: {
      lease: SessionLease;
      timers: Timers;
      renewMs: number;
      logger: Logger;
      state: ConnectionState;
      running: () => boolean;
      /** The lease is ours: connect. */
      onTaken: () => Promise<void>;
      /** Another instance took the lease: close the connection, without reconnecting. */
      onLost: () => void;
    },
  ) {}

  async take(): Promise<void> {
    const { lease, logger, state } = this.deps;
    if (!this.deps.running() || this.held) return;
    let taken = false;
    try {
      taken = await lease.acquire();
    } catch (error) {
      logger.error({ err: error }, 'whatsapp: could not read the session lease');
    }
    if (!this.deps.running()) {
      if (taken) await lease.release().catch(() => undefined);
      return;
    }
    if (!taken) {
      if (state.state !== 'standby') {
        logger.info('whatsapp: another instance holds the session; standing by');
        state.set('standby', 'Otra instancia del servidor tiene la sesión de WhatsApp; esta espera para reemplazarla.');
      }
      this.timer = this.deps.timers.set(() => void this.take(), this.deps.renewMs);
      return;
    }
    this.held = true;
    logger.info('whatsapp: session lease taken');
    this.scheduleRenewal();
    state.set('connecting');
    await this.deps.onTaken();
  }

  /** Stops renewing or retrying; `release` gives the lease back. */
  stopTimer(): void {
    this.deps.timers.clear(this.timer);
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.deps.lease
      .release()
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'whatsapp: could not release the session lease'),
      );
  }

  private scheduleRenewal(): void {
    this.timer = this.deps.timers.set(() => void this.renew(), this.deps.renewMs);
  }

  private async renew(): Promise<void> {
    if (!this.deps.running() || !this.held) return;
    let kept: boolean;
    try {
      kept = await this.deps.lease.renew();
    } catch (error) {
      // The database may be back before the lease runs out; if not, the next renewal finds it lost.
      this.deps.logger.warn({ err: error }, 'whatsapp: could not renew the session lease');
      this.scheduleRenewal();
      return;
    }
    if (!this.deps.running()) return;
    if (kept) {
      this.scheduleRenewal();
      return;
    }
    this.deps.logger.warn('whatsapp: the session lease was lost to another instance; closing the connection');
    this.held = false;
    this.deps.onLost();
    this.deps.state.set('standby', 'Otra instancia del servidor tomó la sesión de WhatsApp.');
    this.timer = this.deps.timers.set(() => void this.take(), this.deps.renewMs);
  }
}
