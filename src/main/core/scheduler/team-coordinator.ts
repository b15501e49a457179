// Who may schedule, and keeping that true. SQLite: the data-folder lease (lease.ts) is taken at start and
// heartbeated; a scheduler that stalled past it takes it back or halts. Team mode (a shared PostgreSQL
// database): no lease, every scheduler heartbeats its presence and its runs (team.ts), stops runs another
// scheduler reaped, and reaps the runs of schedulers that died. Also which tasks are ours (host tags).
import os from 'node:os';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { probeSqlite } from './db-health';
import { dropIdleConnections, probeRead } from '../store/team-signals';
import { isLive, LEASE_HEARTBEAT_MS, readLease, SchedulerLease } from './lease';
import type { ProcessRun } from '../runner/process-run';
import { recoverOrphans } from './recovery';
import type { RunnableTask } from './task-rows';
import {
  anyLiveScheduler,
  leaveTeam,
  reapDeadRuns,
  removeDeadSchedulers,
  TEAM_HEARTBEAT_MS,
  TEAM_STALE_MS,
  teamHeartbeat,
} from './team';
import { emitFinishedFromRow, isActive, type Lifecycle } from './shared';

export interface TeamCoordinatorDeps {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  /** Team mode: the tags of the pinned tasks this scheduler runs (default: the host name). */
  hostTags?: string[];
  /** Team mode: re-measures the server's time if the local clock stepped (see SchedulerDeps). */
  resyncClock?: () => Promise<void>;
  life: Lifecycle;
  degraded: () => boolean;
  /** Our runs, by execution id. */
  runs: ReadonlyMap<number, ProcessRun>;
  applyRunRequests: () => Promise<void>;
  noteError: (err: unknown, what: string) => void;
  /** Scheduling stops for good: another scheduler took the data folder. */
  halt: (reason: string) => void;
  /** Retries were queued: let the run queue start what it can (one shared pump). */
  schedulePump: () => void;
  /** Reaped runs' retries were queued: pump, re-arm and tell the state, in the background. */
  refill: () => void;
  /** Runs our recovery marked interrupted (a crash's leftovers, a dead scheduler's runs): their webhook. */
  interrupted: (executionIds: number[]) => void;
}

export class TeamCoordinator {
  /** A shared PostgreSQL database: no lease, every scheduler claims slots (see team.ts). */
  readonly team: boolean;
  private readonly lease: SchedulerLease;
  private readonly hostTags: ReadonlySet<string>;
  private heartbeatHandle: NodeJS.Timeout | null = null;
  private heartbeatRun: Promise<void> = Promise.resolve();
  /** Team mode: after an outage nobody's heartbeats were written; no reaping until they could be again. */
  private reapNotBefore = 0;

  constructor(private readonly deps: TeamCoordinatorDeps) {
    this.team = deps.db.dialect.teamMode;
    this.hostTags = new Set(deps.hostTags?.length ? deps.hostTags : [os.hostname()]);
    this.lease = new SchedulerLease(deps.db, deps.now);
  }

  /** Whether this scheduler may run the task: unpinned, or pinned to one of our host tags. */
  runsHere(task: RunnableTask): boolean {
    return task.hostTag === null || this.hostTags.has(task.hostTag);
  }

  /** Takes the data-folder lease (throws LOCKED when a live scheduler has it) or joins the team. */
  async join(): Promise<void> {
    if (this.team) await teamHeartbeat(this.deps.db, this.lease.holder, [], this.deps.now());
    else await this.lease.acquire();
  }

  /** A crashed run's leftovers. Team mode: other schedulers' runs and queued rows are theirs or anyone's. */
  async recoverAtStart(): Promise<void> {
    if (this.team) await this.reap();
    else {
      const report = await recoverOrphans(this.deps.db, this.deps.now(), { log: this.deps.log });
      this.deps.interrupted(report.interrupted);
    }
  }

  startHeartbeat(): void {
    this.heartbeatHandle = setInterval(
      () => {
        this.heartbeatRun = this.heartbeat();
      },
      this.team ? TEAM_HEARTBEAT_MS : LEASE_HEARTBEAT_MS,
    );
    this.heartbeatHandle.unref?.();
  }

  /** Stops the heartbeat and waits for a pass under way. */
  async stopHeartbeat(): Promise<void> {
    if (this.heartbeatHandle) clearInterval(this.heartbeatHandle);
    this.heartbeatHandle = null;
    await this.heartbeatRun;
  }

  /** Releases the lease, or leaves the team. */
  async leave(): Promise<void> {
    if (this.team) await leaveTeam(this.deps.db, this.lease.holder);
    else await this.lease.release();
  }

  /** db-health.ts's probe. Team mode reads (no heartbeat on purpose); SQLite writes the lease row. */
  probe(): Promise<unknown> {
    return this.team ? probeRead(this.deps.db) : probeSqlite(this.deps.dataDir, () => this.lease.heartbeat());
  }

  /**
   * For a process that does not schedule (or a task pinned elsewhere), whether a live scheduler would take a
   * queued run: team mode, any live scheduler of the team; SQLite, a live holder of the lease that is not us.
   */
  async liveSchedulerElsewhere(now: number): Promise<boolean> {
    if (this.team) return anyLiveScheduler(this.deps.db, now);
    const lease = await readLease(this.deps.db);
    return lease !== null && lease.holder !== this.lease.holder && isLive(lease, now);
  }

  /**
   * After an outage, before re-planning. Team mode: re-check our claims (runs another scheduler reaped while
   * we could not heartbeat are stopped here), and reap nobody until everyone could heartbeat again. SQLite:
   * false when the data-folder lease is no longer ours and cannot be taken back.
   */
  async reclaimAfterOutage(): Promise<boolean> {
    if (this.team) {
      await dropIdleConnections(this.deps.db);
      await this.checkTeamClaims();
      this.reapNotBefore = this.deps.now() + TEAM_STALE_MS + TEAM_HEARTBEAT_MS;
      return true;
    }
    return (await this.lease.heartbeat()) || (await this.lease.tryAcquire());
  }

  /** Team mode: interrupts the runs of dead schedulers (with their retries), then lets the pump see them. */
  private async reap(): Promise<void> {
    const { db, now } = this.deps;
    // Just after an outage nobody could heartbeat: give every scheduler the time to do so again.
    if (now() < this.reapNotBefore) return;
    await removeDeadSchedulers(db, now());
    const reaped = await reapDeadRuns(db, now(), {
      exclude: new Set(this.deps.runs.keys()),
      log: this.deps.log,
    });
    for (const run of reaped) await emitFinishedFromRow(db, this.deps.events, run.id);
    this.deps.interrupted(reaped.map((r) => r.id));
    if (reaped.some((r) => r.retryId !== null) && this.deps.life.scheduling) this.deps.refill();
  }

  /**
   * Team mode: our presence row and our runs' heartbeats; runs another scheduler reaped while we stalled (or
   * could not reach the database) are stopped here, since their retry may already run elsewhere (the row
   * keeps the reaper's `interrupted`, see finishExecution).
   */
  private async checkTeamClaims(): Promise<void> {
    const ids = [...this.deps.runs.keys()];
    const lost = await teamHeartbeat(this.deps.db, this.lease.holder, ids, this.deps.now());
    for (const id of lost) {
      this.deps.log(`Team: execution ${id} was marked interrupted by another scheduler; stopping it here`);
      this.deps.runs.get(id)?.cancel('shutdown');
    }
  }

  private async heartbeat(): Promise<void> {
    const { deps } = this;
    // Degraded: no heartbeat on purpose, so that other schedulers may take our runs over (team mode).
    if (!isActive(deps.life) || deps.degraded()) return;
    if (this.team) {
      try {
        // A failed resync skips this pass: no reaping on a clock that may be an hour off.
        await deps.resyncClock?.();
        await this.checkTeamClaims();
        await deps.applyRunRequests();
        await this.reap();
      } catch (err) {
        deps.noteError(err, 'Scheduler: team heartbeat failed');
      }
      return;
    }
    try {
      if (!(await this.lease.heartbeat())) {
        // We stalled long enough for the lease to go stale; take it back unless another scheduler has it.
        if (deps.life.stopping) return;
        if (!(await this.lease.tryAcquire())) {
          deps.halt('another scheduler took over this data folder');
          return;
        }
      }
      // Runs of processes without the lease (`cronkeeper task run`) whose process died.
      const recovered = await recoverOrphans(deps.db, deps.now(), {
        exclude: new Set(deps.runs.keys()),
        onlyStaleRuns: true,
        log: deps.log,
      });
      deps.interrupted(recovered.interrupted);
      if (recovered.retries.length > 0) deps.schedulePump();
    } catch (err) {
      deps.noteError(err, 'Scheduler: heartbeat failed');
    }
  }
}
