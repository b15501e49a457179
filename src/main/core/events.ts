// A small typed event stream: the core's push events (EventMap in the contract) for every adapter.
import type { EventMap, EventName } from '../../shared/contract';

type Listener<E extends EventName> = (payload: EventMap[E]) => void;

export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();
  private readonly anyListeners = new Set<<E extends EventName>(event: E, payload: EventMap[E]) => void>();

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Subscribes to every event (transports forward them all); returns the unsubscribe function. */
  onAny(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<E>)(payload);
    for (const listener of this.anyListeners) listener(event, payload);
  }
}
