// One process start per turn of the event loop. A spawn blocks this thread until the child has exec'd
// (fork, then a wait that, on a loaded machine, is mostly the child waiting for a CPU): 50 runs due in the same
// second, started back to back, held the thread for half a second or more, and the next second's timer, the
// claim statements' callbacks and every other run's output waited behind the whole burst. Paced, the timer
// and the database get their turn between two spawns; the spawns themselves keep their order.
type Start = () => void;

const waiting: Start[] = [];
let draining = false;

function drainOne(): void {
  const next = waiting.shift();
  if (next) next();
  if (waiting.length > 0) setImmediate(drainOne);
  else draining = false;
}

/** Resolves when it is this caller's turn to spawn: the caller spawns synchronously right after. */
export function spawnTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!draining) {
      draining = true;
      setImmediate(drainOne);
    }
  });
}
