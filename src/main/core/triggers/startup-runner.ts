// The start-up trigger: tasks marked "run when the scheduler starts" run once each time a scheduler (the app
// or `serve`) starts, after their delay. In team mode every scheduler runs them once for itself, and the
// host runs only tasks whose host tag this scheduler carries (runTriggered refuses the others).
import type { Database } from '../db/database';
import { startupTasks } from '../store/triggers';
import type { TriggerHost } from './trigger-host';

export class StartupRunner {
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Database,
    private readonly host: TriggerHost,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    for (const { taskId, delaySeconds } of await startupTasks(this.db)) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.host
          .runTriggered(taskId, { trigger: 'startup', env: {}, detail: { delaySeconds } })
          .catch((err) => this.log(`Start-up trigger: task ${taskId} did not start: ${String(err)}`));
      }, delaySeconds * 1000);
      timer.unref();
      this.timers.add(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
