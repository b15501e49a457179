// Team mode's live view: what happens on one machine reaches every other machine's UI. Each core publishes
// its own events with PostgreSQL NOTIFY (batched: one statement per 50 ms) and LISTENs on a dedicated
// connection; events from other cores are re-emitted locally (runs are re-read from the database, so the
// message stays small), and a task changed elsewhere is re-planned here at once.
import crypto from 'node:crypto';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import type { EventMap, EventName } from '../../shared/contract';
import type { Database } from './db/database';
import type { CoreEvents } from './events';
import { getExecution } from './runner/execution-store';

export const TEAM_CHANNEL = 'cronkeeper_events';
const FLUSH_MS = 50;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7_900;

type Message =
  | { k: 'started'; id: number }
  | { k: 'finished'; id: number; prev: string | null }
  | { k: 'progress'; p: EventMap['execution.progress'] }
  | { k: 'task'; id: number; d: boolean };

function toMessage<E extends EventName>(event: E, payload: EventMap[E]): Message | null {
  switch (event) {
    case 'execution.started':
      return { k: 'started', id: (payload as EventMap['execution.started']).execution.id };
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
}

export class TeamEvents {
  readonly origin = crypto.randomUUID();
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private listener: pg.Client | null = null;
  private relaying = false;
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
      if (message) this.enqueue(message);
    });
  }

  /** Starts receiving the other machines' events. */
  async listen(): Promise<void> {
    if (this.listener) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (err) => this.hooks.log(`Team events: connection lost: ${String(err)}`));
    client.on('notification', (n) => {
      if (n.channel === TEAM_CHANNEL && n.payload) void this.receive(n.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${TEAM_CHANNEL}`);
    this.listener = client;
  }

  /** Sends what is pending, stops listening. */
  async close(): Promise<void> {
    this.unsubscribe();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flush();
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
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
        await this.db.sequelize.query(
          `SELECT pg_notify('${TEAM_CHANNEL}', m) FROM unnest(ARRAY[:batch]::text[]) AS m`,
          { replacements: { batch }, type: QueryTypes.SELECT },
        );
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
        if (message.k === 'started') this.relay('execution.started', { execution });
        else
          this.relay('execution.finished', {
            execution,
            taskName: execution.taskName ?? '',
            previousStatus: message.prev,
          });
      }
    } catch (err) {
      this.hooks.log(`Team events: could not relay ${message.k}: ${String(err)}`);
    }
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
