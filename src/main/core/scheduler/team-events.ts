// Team mode's live view: what happens on one machine reaches every other machine's UI. Each core publishes
// its own events with PostgreSQL NOTIFY (batched: one statement per 50 ms) and LISTENs on a dedicated
// connection; events from other cores are re-emitted locally (runs are re-read from the database, so the
// message stays small), and a task changed elsewhere is re-planned here at once.
// NOTIFY is not stored: a machine whose listening connection drops (a server restart, a network blip) misses
// what is sent meanwhile. So the listener reconnects with a growing delay, and on reconnecting replays from
// the database what changed since the connection was lost: runs that started or ended, tasks edited.
import crypto from 'node:crypto';
import type { EventMap, EventName } from '../../../shared/contract';
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { executionsChangedSince, getExecution } from '../store/executions';
import { changedTaskIdsSince, listenOn, notifyAll, type Listener } from '../store/team-signals';

export const TEAM_CHANNEL = 'cronkeeper_events';
const FLUSH_MS = 50;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7_900;
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** Catch-up reads from a little before the loss: clocks of machines differ and writes land late. */
const CATCH_UP_MARGIN_MS = 10_000;
const CATCH_UP_MAX_ROWS = 2_000;

type Message =
  | { k: 'started'; id: number }
  | { k: 'paused'; id: number }
  | { k: 'finished'; id: number; prev: string | null }
  | { k: 'progress'; p: EventMap['execution.progress'] }
  | { k: 'task'; id: number; d: boolean };

function toMessage<E extends EventName>(event: E, payload: EventMap[E]): Message | null {
  switch (event) {
    case 'execution.started':
      return { k: 'started', id: (payload as EventMap['execution.started']).execution.id };
    case 'execution.pauseChanged':
      return { k: 'paused', id: (payload as EventMap['execution.pauseChanged']).execution.id };
    case 'execution.finished': {
      const p = payload as EventMap['execution.finished'];
      return { k: 'finished', id: p.execution.id, prev: p.previousStatus };
    }
    case 'execution.progress':
      return { k: 'progress', p: payload as EventMap['execution.progress'] };
    case 'task.changed': {
      const p = payload as EventMap['task.changed'];
      return { k: 'task', id: p.taskId, d: p.deleted };
    }
    default:
      return null; // scheduler.state is per machine; ui.* never leaves the window
  }
}

export interface TeamEventsHooks {
  /** A task was changed on another machine: re-plan it here. */
  taskChanged(taskId: number): Promise<void>;
  log(line: string): void;
  /** The core's clock (the database server's time), which the rows' times are in. */
  now(): number;
}

export class TeamEvents {
  readonly origin = crypto.randomUUID();
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private listener: Listener | null = null;
  private relaying = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** When the listening connection was lost (null while connected). */
  private lostAt: number | null = null;
  /** Our own runs' ids while disconnected: their events were emitted here already, not replayed. */
  private readonly ownWhileLost = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Database,
    private readonly url: string,
    private readonly events: CoreEvents,
    private readonly hooks: TeamEventsHooks,
  ) {
    this.unsubscribe = events.onAny((event, payload) => {
      if (this.relaying) return; // never echo what another machine told us
      const message = toMessage(event, payload);
      if (!message) return;
      if (this.lostAt !== null && (message.k === 'started' || message.k === 'finished')) {
        this.ownWhileLost.add(message.id);
      }
      this.enqueue(message);
    });
  }

  /** Starts receiving the other machines' events. */
  async listen(): Promise<void> {
    if (this.listener || this.closed) return;
    await this.connect();
  }

  private async connect(): Promise<void> {
    this.listener = await listenOn(this.url, TEAM_CHANNEL, {
      message: (payload) => void this.receive(payload),
      lost: (listener, why) => this.connectionLost(listener, why),
    });
  }

  private connectionLost(listener: Listener, why: string): void {
    if (this.listener !== listener || this.closed) return;
    this.listener = null;
    this.lostAt ??= this.hooks.now();
    this.hooks.log(`Team events: connection lost (${why}); reconnecting`);
    void listener.close();
    this.reconnect(RECONNECT_FIRST_MS);
  }

  private reconnect(delayMs: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect().then(
        () => this.catchUp(),
        () => this.reconnect(Math.min(delayMs * 2, RECONNECT_MAX_MS)),
      );
    }, delayMs);
    this.reconnectTimer.unref?.();
  }

  /** After a reconnect: what other machines did while we were not listening, from the database. */
  private async catchUp(): Promise<void> {
    const since = (this.lostAt ?? this.hooks.now()) - CATCH_UP_MARGIN_MS;
    const own = new Set(this.ownWhileLost);
    this.lostAt = null;
    this.ownWhileLost.clear();
    try {
      const tasks = await changedTaskIdsSince(this.db, since, CATCH_UP_MAX_ROWS);
      for (const id of tasks) {
        await this.hooks.taskChanged(id);
        this.relay('task.changed', { taskId: id, deleted: false });
      }
      const runs = await executionsChangedSince(this.db, since, CATCH_UP_MAX_ROWS);
      for (const id of runs) {
        if (own.has(id)) continue;
        const execution = await getExecution(this.db, id);
        if (!execution) continue;
        if (execution.status !== 'queued') this.relayRun(execution, execution.status === 'running', null);
      }
      this.hooks.log(
        `Team events: listening again; replayed ${tasks.length} task change(s) and ${runs.length} run(s)`,
      );
    } catch (err) {
      this.hooks.log(`Team events: catch-up after reconnecting failed: ${String(err)}`);
    }
  }

  /** Sends what is pending, stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flush();
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }

  private enqueue(message: Message): void {
    const text = JSON.stringify({ ...message, o: this.origin });
    if (Buffer.byteLength(text) > MAX_PAYLOAD) return;
    this.pending.push(text);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        void this.flush();
      }, FLUSH_MS);
      this.flushTimer.unref?.();
    }
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await notifyAll(this.db, TEAM_CHANNEL, batch);
      } catch (err) {
        this.hooks.log(`Team events: publish failed: ${String(err)}`);
      }
    });
    return this.flushing;
  }

  private async receive(payload: string): Promise<void> {
    let message: Message & { o?: string };
    try {
      message = JSON.parse(payload) as Message & { o?: string };
    } catch {
      return;
    }
    if (message.o === this.origin) return;
    try {
      if (message.k === 'progress') {
        this.relay('execution.progress', message.p);
      } else if (message.k === 'task') {
        await this.hooks.taskChanged(message.id);
        this.relay('task.changed', { taskId: message.id, deleted: message.d });
      } else {
        const execution = await getExecution(this.db, message.id);
        if (!execution) return;
        if (message.k === 'paused') return this.relay('execution.pauseChanged', { execution });
        this.relayRun(execution, message.k === 'started', message.k === 'finished' ? message.prev : null);
      }
    } catch (err) {
      this.hooks.log(`Team events: could not relay ${message.k}: ${String(err)}`);
    }
  }

  /** A run another machine started or finished, re-read from the database (its row names the task). */
  private relayRun(execution: Execution, started: boolean, previousStatus: string | null): void {
    if (started) this.relay('execution.started', { execution });
    else this.relay('execution.finished', { execution, taskName: execution.taskName ?? '', previousStatus });
  }

  private relay<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.relaying = true;
    try {
      this.events.emit(event, payload);
    } finally {
      this.relaying = false;
    }
  }
}
