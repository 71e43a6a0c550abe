import { openDatabase, type Database } from './db/database.ts';
import { MIGRATIONS } from './db/migrations/index.ts';
import { databaseFile } from './data-paths.ts';
import { OutboxStore } from './outbox-store.ts';
import { MetaStore } from './meta-store.ts';
import { SettingsStore } from './settings-store.ts';
import { TargetHolds } from './target-holds.ts';
import { ServerClock } from './server-clock.ts';
import { RopoClient } from './ropo-client.ts';
import { WalSync } from './db/wal-sync.ts';
import { Checkpointer } from './db/checkpointer.ts';
import { optimizeDatabase } from './db/optimize.ts';
import { Credentials } from './credentials.ts';
import { KeytarSecretStore } from './keytar-secret-store.ts';
import type { SecretStore } from './secret-store.ts';
import { DeliveryLease, type LeaseOptions } from './delivery-lease.ts';
import { DeliveryWorker, type DeliveryWorkerDeps } from './delivery-worker.ts';
import { ReportService } from './report-service.ts';
import { AccountService } from './account-service.ts';
import { outboxStatus } from './status-service.ts';
import { builtinSimulatorFetch } from './builtin-simulator-fetch.ts';
import { DraftStore } from './draft-store.ts';
import { CircuitBoard } from './circuit-board.ts';
import type { OutboxStatus } from '../../shared/outbox-status.ts';
import type { Log } from './log.ts';
import { readMovedTo } from './data-move.ts';
import { OutboxMovedError } from './outbox-elsewhere.ts';

export interface CoreOptions {
  dataDir: string;
  /** Defaults to the OS keychain through keytar, under `keychainService`. */
  secrets?: SecretStore;
  keychainService?: string;
  now?: () => number;
  requestTimeoutMs?: number;
  lease?: LeaseOptions;
  /** Where the core's own warnings go (the app's or the CLI's log). */
  log?: Log;
  /**
   * How requests reach Ropo One. The app passes Electron's net.fetch (Chromium's network
   * stack: system proxy, PAC, proxy sign-in, the OS certificate store); the CLI a fetch
   * that follows the proxy variables (electron/cli/cli-network.ts); tests may route
   * connections. Default: Node's fetch. Requests for the built-in simulator go through it
   * too, to wherever the simulator listens now (see builtinSimulatorApiUrl).
   */
  fetch?: typeof fetch;
  /**
   * Where the app's built-in simulator listens now (`http://127.0.0.1:PORT/rest`), or null;
   * reports for it are sent there. Without it (the CLI) they wait, sent nowhere.
   */
  builtinSimulatorApiUrl?: () => string | null;
  /**
   * Open only an outbox that is already there (never create one): for the old folder, when
   * the move out of it waits (resolve-data-dir.ts).
   */
  existingOnly?: boolean;
}

export type WorkerOptions = Partial<Pick<DeliveryWorkerDeps, 'concurrency' | 'backoff' | 'random' | 'idlePollMs' | 'circuit'>>;

/**
 * Everything the app and the CLI share, wired once: the outbox, credentials, the client,
 * and the services on top. The caller decides whether this process also delivers.
 */
export class Core {
  readonly dataDir: string;
  readonly db: Database;
  readonly store: OutboxStore;
  readonly meta: MetaStore;
  readonly settings: SettingsStore;
  /** The report form's drafts (the window's; the command line has no form). */
  readonly drafts: DraftStore;
  readonly holds: TargetHolds;
  readonly serverClock: ServerClock;
  readonly client: RopoClient;
  readonly credentials: Credentials;
  readonly reports: ReportService;
  readonly account: AccountService;
  readonly now: () => number;
  readonly #circuits: CircuitBoard;
  readonly #leaseOptions: LeaseOptions;
  #worker: DeliveryWorker | null = null;
  readonly #walSync: WalSync;
  #checkpointer: Checkpointer | null = null;

  constructor(options: CoreOptions) {
    this.dataDir = options.dataDir;
    this.now = options.now ?? Date.now;
    this.db = openDatabase(databaseFile(options.dataDir), MIGRATIONS, { mustExist: options.existingOnly });
    // A copy left behind by the move to the machine-local folder must never deliver again.
    const moved = readMovedTo(this.db);
    if (moved) {
      this.db.close();
      throw new OutboxMovedError(moved.dir);
    }
    this.#walSync = new WalSync(databaseFile(options.dataDir));
    this.store = new OutboxStore(this.db);
    this.meta = new MetaStore(this.db);
    this.settings = new SettingsStore(this.meta);
    this.drafts = new DraftStore(this.db);
    this.holds = new TargetHolds(this.meta);
    this.serverClock = new ServerClock(this.meta);
    this.#circuits = new CircuitBoard(this.meta, this.db);
    // The simulator's name is resolved on top of whatever fetch the shell injected.
    this.client = new RopoClient({
      timeoutMs: options.requestTimeoutMs ?? 20_000,
      now: this.now,
      fetch: builtinSimulatorFetch(options.builtinSimulatorApiUrl ?? (() => null), options.fetch ?? fetch),
    });
    const secrets = options.secrets ?? new KeytarSecretStore(options.keychainService);
    const log = options.log;
    this.credentials = new Credentials(secrets, this.client, { now: this.now, warn: (line) => log?.warn(line) });
    const nudge = () => this.#worker?.kick();
    this.reports = new ReportService({ store: this.store, settings: this.settings, now: this.now, onQueued: nudge });
    this.account = new AccountService(this.credentials, this.settings, this.holds, nudge);
    this.#leaseOptions = { now: this.now, ...options.lease };
  }

  get worker(): DeliveryWorker | null {
    return this.#worker;
  }

  /** Makes this process a deliverer (it delivers only while it holds the lease). */
  startDelivery(options: WorkerOptions = {}): DeliveryWorker {
    if (this.#worker) return this.#worker;
    try {
      this.#checkpointer = new Checkpointer(this.db, databaseFile(this.dataDir), (message) => this.#worker?.emit('stalled', message));
    } catch {
      // No thread to be had: the main connection keeps checkpointing by itself, as SQLite does.
      this.#checkpointer = null;
    }
    this.#worker = new DeliveryWorker({
      store: this.store,
      holds: this.holds,
      credentials: this.credentials,
      client: this.client,
      lease: new DeliveryLease(this.db, this.#leaseOptions),
      serverClock: this.serverClock,
      walSync: this.#walSync,
      board: this.#circuits,
      now: this.now,
      ...options,
    });
    this.#worker.start();
    return this.#worker;
  }

  status(): OutboxStatus {
    const now = this.now();
    return outboxStatus(this.store, this.holds, this.serverClock, now, this.#circuits.read(now));
  }

  async close(): Promise<void> {
    await this.#worker?.stop();
    this.#worker = null;
    await this.#checkpointer?.stop();
    this.#checkpointer = null;
    await this.#walSync.close();
    // As SQLite recommends before a connection closes (see optimizeDatabase).
    optimizeDatabase(this.db);
    this.db.close();
  }
}
