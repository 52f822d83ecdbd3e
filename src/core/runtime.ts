import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { ActionRegistry } from './action-registry.js';
import { catalogOf } from './action-registry.js';
import type { ChannelAdapter, ChannelHealth, ChannelHost } from './channel-adapter.js';
import { inboundFileKeeper } from './keep-inbound-file.js';
import { ConversationEngine, type HeldConversations } from './conversation-engine.js';
import type { FirstReading } from './first-reading.js';
import { FlowSource } from './flow-source.js';
import type { EntityFactsResult } from '../flows/index.js';
import { JobScheduler } from './job-scheduler.js';
import { Outbox } from './outbox.js';
import type { RuntimePorts } from './runtime-ports.js';
import type { Transcriber } from '../transcription/transcriber.js';

export interface RuntimeOptions {
  database: Database;
  /**
   * The entity this runtime serves. With it, timers, retries and recovery touch only that entity's rows, so several
   * runtimes share one database without running each other's work.
   */
  entityId?: string;
  logger: Logger;
  flowsDir: string;
  actions: ActionRegistry;
  adapters: ChannelAdapter[];
  /** Reload flows when their files change (development). */
  watchFlows?: boolean;
  /** Conversations in the hands of people (the handoff service); their messages skip the flows. */
  held?: HeldConversations;
  /** Several instances share this database: conversations are locked while processed (see EngineDeps.exclusive). */
  exclusive?: { instanceId: string; lockMs?: number };
  /** Speech to text for voice notes (see EngineDeps.transcriber). */
  transcriber?: Transcriber;
  /** Per channel: a reading that may answer a conversation's first message by itself (see EngineDeps.firstReadings). */
  firstReadings?: ReadonlyMap<string, FirstReading>;
  /**
   * Reads entity.yaml's facts (`{{entidad.…}}`) with every flows load (src/entities/load-entity-facts.ts). Required so
   * no runtime sends the demo's addresses and hours as empty text because a caller forgot it.
   */
  entityFacts: (dir: string) => Promise<EntityFactsResult>;
  /**
   * The entity's durable timers, when the domain services were given them before the runtime existed; created here
   * otherwise. Its entity must be `entityId`.
   */
  jobs?: JobScheduler;
  /** The domain services' view of this runtime's engine and flows: wired here, before the runtime can run anything. */
  ports?: RuntimePorts;
  /** How often timers and retries are polled; 0 disables polling (tests drive them by hand). */
  pollMs?: number;
  now?: () => Date;
}

/** Everything that turns messages into replies, wired together; server.ts and `ventanilla chat` both use it. */
export class Runtime {
  private recoverTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly engine: ConversationEngine,
    readonly outbox: Outbox,
    readonly jobs: JobScheduler,
    readonly flows: FlowSource,
    private readonly adapters: ChannelAdapter[],
    private readonly options: RuntimeOptions,
  ) {}

  static async create(options: RuntimeOptions): Promise<Runtime> {
    const { database, logger } = options;
    const flows = await FlowSource.load(options.flowsDir, catalogOf(options.actions), logger, options.entityFacts);
    const adapters = new Map(options.adapters.map((a) => [a.channel, a]));
    const now = options.now ?? (() => new Date());
    const outbox = new Outbox(database.prisma, adapters, logger, now, database.driverQuery, options.entityId);
    const jobs = options.jobs ?? new JobScheduler(database.prisma, logger, undefined, options.entityId);
    const engine = new ConversationEngine({
      prisma: database.prisma,
      ...(options.entityId ? { entityId: options.entityId } : {}),
      driverTransaction: database.driverTransaction,
      driverQuery: database.driverQuery,
      logger,
      flows: () => flows.current(),
      actions: options.actions,
      adapters,
      outbox,
      jobs,
      now,
      ...(options.held ? { held: options.held } : {}),
      ...(options.exclusive ? { exclusive: options.exclusive } : {}),
      ...(options.transcriber ? { transcriber: options.transcriber } : {}),
      ...(options.firstReadings ? { firstReadings: options.firstReadings } : {}),
      // Two turns overlap one's CPU with the other's database work on SQLite; on PostgreSQL a few connections stay
      // free for storing new messages, the outbox and timers while turns hold the rest.
      turnConcurrency: database.provider === 'postgresql' ? Math.max(1, database.connections - 2) : 2,
    });
    options.ports?.wire(engine, flows);
    return new Runtime(engine, outbox, jobs, flows, options.adapters, options);
  }

  async start(): Promise<void> {
    const recovered = await this.outbox.recoverStale();
    if (recovered > 0) this.options.logger.warn({ recovered }, 'outbound messages left mid-send were queued again');
    const host: ChannelHost = {
      receive: (message) => this.engine.receive(message),
      delivery: async (update) => {
        await this.outbox.recordDelivery(update);
      },
      keepFile: inboundFileKeeper(this.options.database.prisma),
    };
    for (const adapter of this.adapters) await adapter.start(host);
    await this.engine.recover();
    await this.outbox.retryDue();
    const pollMs = this.options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.jobs.start(pollMs);
      this.outbox.start(pollMs);
      if (this.options.exclusive) {
        // What an instance that died mid-turn left: its lock expires, and any instance finishes the work.
        this.recoverTimer = setInterval(() => {
          this.engine
            .recover(10_000)
            .catch((error: unknown) => this.options.logger.error({ err: error }, 'recovering stored messages failed'));
        }, pollMs * 10);
        this.recoverTimer.unref();
      }
    }
    if (this.options.watchFlows) this.flows.watch();
  }

  /** Each channel's connection state, for channels that hold one (/ready details, /metrics). */
  channelHealth(): Record<string, ChannelHealth> {
    const health: Record<string, ChannelHealth> = {};
    for (const adapter of this.adapters) {
      const h = adapter.health?.();
      if (h) health[adapter.channel] = h;
    }
    return health;
  }

  /** No new messages in, finish the turns under way, stop the timers. */
  async stop(): Promise<void> {
    clearInterval(this.recoverTimer);
    for (const adapter of this.adapters) await adapter.stop();
    this.flows.close();
    await this.engine.idle();
    await this.jobs.stop();
    await this.outbox.stop();
  }
}
