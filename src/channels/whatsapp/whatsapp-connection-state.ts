import type { Logger } from 'pino';
import type { ChannelHealth } from '../../core/channel-adapter.js';
import type { StopReason } from './reconnect-policy.js';
import type { Timers } from './whatsapp-adapter-options.js';

/** What /ready and the admin page say when the adapter stops trying: what happened and what to do. */
export const stopStates: Record<StopReason, { state: ChannelHealth['state']; detail: string }> = {
  banned: {
    state: 'banned',
    detail:
      'WhatsApp bloqueó el número de la entidad (código 403). El servidor dejó de reintentar. Abra WhatsApp en el teléfono del número y, si indica que la cuenta está suspendida, solicite la revisión desde allí; cuando WhatsApp la levante, vincule de nuevo el número desde esta página.',
  },
  'bad-session': {
    state: 'bad_session',
    detail:
      'WhatsApp ya no acepta la sesión guardada de este dispositivo vinculado. El servidor dejó de reintentar. Borre la sesión y vincule de nuevo el número desde esta página.',
  },
};

/** States only an administrator leads out of (relink). */
export function isStopped(state: ChannelHealth['state']): boolean {
  return state === 'banned' || state === 'bad_session' || state === 'logged_out';
}

/**
 * The connection's state as /ready shows it, and the alert logged when the number stays down longer than
 * `alertAfterMs` (connected and standby are not down; neither is a stopped channel).
 */
export class ConnectionState {
  private current: ChannelHealth;
  private downSince: Date | undefined;
  private alertTimer: unknown;

  constructor(
    private readonly deps: {
      timers: Timers;
      now: () => Date;
      logger: Logger;
      alertAfterMs: number;
      running: () => boolean;
    },
  ) {
    this.current = { state: 'disconnected', since: deps.now() };
  }

  get health(): ChannelHealth {
    return { ...this.current };
  }

  get state(): ChannelHealth['state'] {
    return this.current.state;
  }

  set(state: ChannelHealth['state'], detail?: string): void {
    const changed = state !== this.current.state;
    this.current = { state, since: changed ? this.deps.now() : this.current.since, ...(detail ? { detail } : {}) };
    if (state === 'connected' || state === 'standby' || !this.deps.running()) {
      this.downSince = undefined;
      this.deps.timers.clear(this.alertTimer);
      this.alertTimer = undefined;
      return;
    }
    if (this.downSince) return;
    this.downSince = this.deps.now();
    this.alertTimer = this.deps.timers.set(() => this.alertIfStillDown(), this.deps.alertAfterMs);
  }

  clearAlert(): void {
    this.deps.timers.clear(this.alertTimer);
  }

  private alertIfStillDown(): void {
    if (!this.downSince || !this.deps.running()) return;
    const minutes = Math.round((this.deps.now().getTime() - this.downSince.getTime()) / 60_000);
    this.deps.logger.error(
      { alert: 'whatsapp_disconnected', state: this.current.state, minutes, detail: this.current.detail },
      `ALERT: WhatsApp has not been connected for ${minutes} minutes (${this.current.state})`,
    );
  }
}
