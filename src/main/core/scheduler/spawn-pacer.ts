// Process starts, a few per turn of the event loop. A spawn blocks this thread until the child has exec'd
// (fork, then a wait that, on a loaded machine, is mostly the child waiting for a CPU): 50 runs due in the
// same second, started back to back, held the thread for half a second or more, and the next second's timer,
// the claim statements' callbacks and every other run's output waited behind the whole burst. One spawn per
// turn fixed that but doubled the time to the last start of a burst: every turn also ran the poll phase (the
// previous runs' exits, output and statements) between two spawns. So a turn now spawns until it has used
// TURN_BUDGET_MS (at least one spawn), then yields: the timer and the database get their turn at least that
// often, and the spawns keep their order. While a tick claims its due slots, spawning is held (holdSpawns):
// the claim statement would otherwise wait behind the turn's spawns (its setImmediate comes after the
// pacer's), so every claim of a second is written before the next spawn. The planner also tells the pacer
// when its timer is due next (spawnsUntil): a turn does not start another spawn within WAKE_LEAD_MS of that
// wake, so that the wake is not late by a whole turn of spawns.
import { performance } from 'node:perf_hooks';

/** How long one turn may keep spawning before it yields to the event loop (measured with the bench). */
export const TURN_BUDGET_MS = 10;

interface Start {
  run: () => void;
}

/** A hold ends by itself after this long (a claim that hangs must not stop every start). */
export const HOLD_MAX_MS = 1000;

/** A turn starts no further spawn this close before the planner's next wake (one spawn per turn then). */
export const WAKE_LEAD_MS = TURN_BUDGET_MS;

const waiting: Start[] = [];
/** When the planner's timer is due next (epoch ms), or null. */
let nextWakeAt: number | null = null;
let wakeLeadMs = WAKE_LEAD_MS;
let draining = false;
let budgetMs = TURN_BUDGET_MS;
let holds = 0;

function schedule(): void {
  if (draining || holds > 0 || waiting.length === 0) return;
  draining = true;
  setImmediate(drain);
}

function drain(): void {
  if (holds > 0) {
    draining = false; // the last release schedules the next turn
    return;
  }
  const began = performance.now();
  do waiting.shift()!.run();
  while (waiting.length > 0 && performance.now() - began < budgetMs && !wakeIsNear());
  if (waiting.length > 0) setImmediate(drain);
  else draining = false;
}

/** The planner's wake is due within WAKE_LEAD_MS (and not yet passed: then the timer runs before the next turn). */
function wakeIsNear(): boolean {
  if (nextWakeAt === null) return false;
  const now = Date.now();
  return now >= nextWakeAt - wakeLeadMs && now < nextWakeAt;
}

/** The planner armed its timer for `at` (epoch ms; null: nothing due). `leadMs`: another lead (tests). */
export function spawnsUntil(at: number | null, leadMs = WAKE_LEAD_MS): void {
  nextWakeAt = at;
  wakeLeadMs = leadMs;
}

/**
 * Runs `start` (the synchronous spawn) in a paced turn and resolves with what it returned (or rejects with
 * what it threw). Starts keep the order in which they were asked for.
 */
export function inSpawnTurn<T>(start: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    waiting.push({
      run: () => {
        try {
          resolve(start());
        } catch (err) {
          reject(err);
        }
      },
    });
    schedule();
  });
}

/**
 * Holds every spawn (those waiting and those asked for meanwhile) until the returned release is called, or
 * HOLD_MAX_MS has passed. The planner holds while a tick claims its due slots.
 */
export function holdSpawns(): () => void {
  holds++;
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    clearTimeout(timer);
    holds--;
    schedule();
  };
  const timer = setTimeout(release, HOLD_MAX_MS);
  timer.unref();
  return release;
}

/** Another budget (tests, and the bench's comparison); undefined restores TURN_BUDGET_MS. */
export function setTurnBudget(ms: number | undefined): void {
  budgetMs = ms ?? TURN_BUDGET_MS;
}
