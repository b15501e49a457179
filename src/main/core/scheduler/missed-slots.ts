// Missed slots: each is recorded (a `missed` execution) with the reason it did not run, and each burst is
// told once in the log (serve prints it, the application log keeps it): one line with the task, how many
// slots, their range and the reason. A slot that fell inside a database outage says so ("the database was
// unavailable from … to …"); any other missed slot passed while Cronkeeper was not running or the computer
// slept.
import { isoTime, outageMissedMessage } from './db-health';

export const MISSED_MESSAGE = 'Missed: Cronkeeper was not running (or the computer was asleep) at this time';

export interface MissedSlotsDeps {
  /** The outage a slot fell in, if any. */
  outageOf: (slot: number) => { from: number; to: number } | null;
  record: (slot: number, message: string) => Promise<void>;
  log: (line: string) => void;
}

/** Records `slots` (ascending) of one task as missed; logs one line per reason. */
export async function recordMissedSlots(
  taskName: string,
  slots: number[],
  deps: MissedSlotsDeps,
): Promise<void> {
  const bursts = new Map<string, number[]>();
  for (const slot of slots) {
    const outage = deps.outageOf(slot);
    const message = outage ? outageMissedMessage(outage) : MISSED_MESSAGE;
    await deps.record(slot, message);
    let burst = bursts.get(message);
    if (!burst) bursts.set(message, (burst = []));
    burst.push(slot);
  }
  for (const [message, burst] of bursts) deps.log(missedBurstLine(taskName, burst, message));
}

export function missedBurstLine(taskName: string, slots: number[], message: string): string {
  const range =
    slots.length === 1
      ? `at ${isoTime(slots[0])}`
      : `from ${isoTime(slots[0])} to ${isoTime(slots[slots.length - 1])}`;
  const reason = message.replace(/^Missed: /, '');
  return `Missed ${slots.length} slot(s) of "${taskName}" ${range}: ${reason}`;
}
