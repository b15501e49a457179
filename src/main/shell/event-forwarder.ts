// Pushes core events to the window. Until the renderer says `app.ready` (its listeners are attached),
// events are held in a bounded queue and then flushed in order; a reload makes the window "not ready"
// again. With no window at all (started hidden) events are dropped: a new window loads fresh state.
import { IPC_EVENT_CHANNEL, type EventMap, type EventName } from '../../shared/contract';

export interface EventTarget {
  /** webContents.id: IPC events carry a sender that is compared by id, not by object identity. */
  id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
}

export interface PushMessage {
  event: EventName;
  payload: unknown;
}

export class EventForwarder {
  private target: EventTarget | null = null;
  private ready = false;
  private queue: PushMessage[] = [];

  constructor(private readonly maxQueued = 2000) {}

  /** A (new) window: nothing is sent until it reports ready. */
  attach(target: EventTarget): void {
    this.target = target;
    this.ready = false;
    this.queue = [];
  }

  detach(target: Pick<EventTarget, 'id'>): void {
    if (this.target?.id !== target.id) return;
    this.target = null;
    this.ready = false;
    this.queue = [];
  }

  /** The page is (re)loading: its listeners are gone until it reports ready again. */
  loading(target: Pick<EventTarget, 'id'>): void {
    if (this.target?.id === target.id) this.ready = false;
  }

  /** The renderer called `app.ready`: flush what was held, then send live. */
  markReady(sender: Pick<EventTarget, 'id'>): void {
    if (this.target?.id !== sender.id) return;
    this.ready = true;
    const held = this.queue;
    this.queue = [];
    for (const message of held) this.deliver(message);
  }

  get heldCount(): number {
    return this.queue.length;
  }

  send<E extends EventName>(event: E, payload: EventMap[E]): void {
    if (!this.target) return;
    const message: PushMessage = { event, payload };
    if (!this.ready) {
      this.queue.push(message);
      // The renderer re-reads everything on ready, so the oldest held events are the safest to lose.
      if (this.queue.length > this.maxQueued) this.queue.shift();
      return;
    }
    this.deliver(message);
  }

  private deliver(message: PushMessage): void {
    if (!this.target || this.target.isDestroyed()) return;
    this.target.send(IPC_EVENT_CHANNEL, message);
  }
}
