// The power conditions: "only on AC power" (a run that would start on battery is skipped, with the reason),
// "stop if the computer switches to battery" (its running runs are cancelled, with the reason), and "keep
// the computer awake while it runs" (a hold from the KeepAwake of the app or of `serve`, released when the
// run ends; a hold that could not be taken is noted on the run, the run itself goes ahead).
import type { TaskTriggers } from '../../../shared/triggers';
import type { KeepAwake, KeepAwakeHold } from './keep-awake';
import type { PowerSource } from './power-source';
import type { TriggerHost } from './trigger-host';

export const ON_BATTERY_SKIP =
  'Skipped: the computer is on battery power, and this task runs only on AC power';
export const SWITCHED_TO_BATTERY = 'Stopped: the computer switched to battery power';

export class PowerGuard {
  private holds = new Map<number, Promise<KeepAwakeHold>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: PowerSource,
    private readonly host: TriggerHost,
    private readonly triggersOf: (taskId: number) => TaskTriggers | undefined,
    private readonly keepAwake: KeepAwake,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.source.onChange((state) => {
      if (state !== 'battery') return;
      for (const run of this.host.runningExecutions()) {
        if (!this.triggersOf(run.taskId)?.stopOnBattery) continue;
        this.log(`Power: stopping execution ${run.executionId}: the computer switched to battery`);
        this.host.cancelRun(run.executionId, SWITCHED_TO_BATTERY).catch((err) => this.log(String(err)));
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const hold of this.holds.values()) void hold.then((h) => h.release());
    this.holds.clear();
  }

  /** Why a run of the task must not start now, or null. Synchronous: it is asked at every start. */
  skipReason(taskId: number): string | null {
    return this.triggersOf(taskId)?.onlyOnAc && this.source.state() === 'battery' ? ON_BATTERY_SKIP : null;
  }

  runStarted(executionId: number, taskId: number, pid: number | null, taskName: string): void {
    if (!this.triggersOf(taskId)?.keepAwake || pid === null || this.holds.has(executionId)) return;
    this.holds.set(executionId, this.keepAwake(pid, `Cronkeeper is running "${taskName}"`));
  }

  /** Releases the run's hold; returns why the computer could not be kept awake, if it could not. */
  async runEnded(executionId: number): Promise<string | null> {
    const hold = this.holds.get(executionId);
    if (!hold) return null;
    this.holds.delete(executionId);
    const h = await hold;
    const problem = h.problem;
    h.release();
    return problem;
  }
}
