// Native notifications for finished runs. The rules are pure (decideNotification); the adapter shows them
// with Electron's Notification and keeps a reference to each until it is clicked or closed (an
// unreferenced Notification is garbage-collected and its click handler lost). On Windows "close" also
// means "timed out into Action Center", where the entry stays clickable: there the reference is kept past
// "close" (the newest 50), and Notification.handleActivation catches the clicks whose object is gone
// (collected, or shown by an earlier run of the app).
//
// Outcomes: a run is "bad" when it failed, timed out or was interrupted (the app died under it), "good"
// when it succeeded; cancelled, skipped and missed runs are the user's or the schedule's doing and never
// notify. Per task (notifyOn):
//   never   - nothing;
//   failure - every bad run, and the first good run after a bad one ("recovered");
//   always  - every good or bad run;
//   change  - only when the outcome differs from the previous final run's (good <-> bad); a first run
//             that fails counts as a change, a first run that succeeds does not.
import { Notification } from 'electron';
import type { EventMap } from '../../shared/contract';
import { failureLine } from '../../shared/failure-text';
import { localizeText } from '../../shared/messages';
import type { ExecutionStatus, NotifyOn } from '../../shared/types';
import { en, type ShellText } from './shell-text';

export type NotificationKind = 'failure' | 'timeout' | 'recovery' | 'success';

export interface NotificationSpec {
  kind: NotificationKind;
  title: string;
  body: string;
  executionId: number;
  taskId: number;
}

type Outcome = 'good' | 'bad' | 'none';

export function outcomeOf(status: string | null): Outcome {
  if (status === 'success') return 'good';
  if (status === 'failed' || status === 'timed_out' || status === 'interrupted') return 'bad';
  return 'none';
}

export interface NotificationInput {
  notifyOn: NotifyOn;
  notificationsEnabled: boolean;
  finished: EventMap['execution.finished'];
  text: ShellText;
}

function shouldNotify(notifyOn: NotifyOn, outcome: Outcome, previous: Outcome): boolean {
  if (outcome === 'none') return false;
  switch (notifyOn) {
    case 'never':
      return false;
    case 'failure':
      return outcome === 'bad' || previous === 'bad';
    case 'always':
      return true;
    case 'change':
      return previous === 'none' ? outcome === 'bad' : outcome !== previous;
  }
}

export function decideNotification(input: NotificationInput): NotificationSpec | null {
  if (!input.notificationsEnabled) return null;
  const { execution, taskName, previousStatus } = input.finished;
  const { text } = input;
  const outcome = outcomeOf(execution.status);
  const previous = outcomeOf(previousStatus);
  if (!shouldNotify(input.notifyOn, outcome, previous)) return null;
  const ids = { executionId: execution.id, taskId: execution.taskId };
  const status = execution.status as ExecutionStatus;
  if (outcome === 'good') {
    const took =
      execution.durationSeconds !== null ? formatDuration(execution.durationSeconds, text.units) : null;
    return previous === 'bad'
      ? {
          kind: 'recovery',
          title: text.taskRecovered(taskName),
          body: text.succeededAfterFailing(took),
          ...ids,
        }
      : { kind: 'success', title: text.taskSucceeded(taskName), body: text.finished(took), ...ids };
  }
  if (status === 'timed_out') {
    return {
      kind: 'timeout',
      title: text.taskTimedOut(taskName),
      body: summary(localizeText(failureLine(execution), text.lang), text.itWasStopped),
      ...ids,
    };
  }
  const english = failureLine(execution);
  // "Exited with code 2: …" already names the code; a bare message ("boom") gets it in front.
  const named = execution.exitCode !== null && english.includes(`code ${execution.exitCode}`);
  // The run's own message in the UI language (the job's last words as they are).
  const line = localizeText(english, text.lang);
  const exit = execution.exitCode !== null && !named ? text.exitCode(execution.exitCode) : '';
  const fallback = status === 'interrupted' ? text.stoppedWhileRunning : text.itFailed;
  return {
    kind: 'failure',
    title: text.taskFailed(taskName),
    body: `${exit}${summary(line, fallback)}`.trim(),
    ...ids,
  };
}

function summary(message: string | null, fallback: string): string {
  const text = (message ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return fallback;
  return text.length <= 180 ? text : `${text.slice(0, 179)}…`;
}

export function formatDuration(seconds: number, units: ShellText['units'] = en.units): string {
  const { seconds: s, minutes: min, hours: h } = units;
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} ${s}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${min} ${Math.round(seconds % 60)} ${s}`;
  return `${Math.floor(minutes / 60)} ${h} ${minutes % 60} ${min}`;
}

export interface NotifierOptions {
  platform?: NodeJS.Platform;
  /** Windows: a click whose Notification object is gone (collected, or from before a restart). */
  onOrphanActivation?: () => void;
}

/** Shows notifications and routes clicks; holds each one until it is done with. */
export class Notifier {
  private readonly alive = new Set<Notification>();
  private readonly platform: NodeJS.Platform;
  /** A click that an object already handled also reaches handleActivation: handled once. */
  private lastClickAt = 0;

  constructor(
    private readonly iconPath?: string,
    options: NotifierOptions = {},
  ) {
    this.platform = options.platform ?? process.platform;
    if (this.platform === 'win32' && options.onOrphanActivation) {
      const orphan = options.onOrphanActivation;
      Notification.handleActivation(() => {
        if (Date.now() - this.lastClickAt > 1_000) orphan();
      });
    }
  }

  get supported(): boolean {
    return Notification.isSupported();
  }

  show(spec: { title: string; body: string }, onClick?: () => void): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: spec.title, body: spec.body, icon: this.iconPath });
    this.alive.add(notification);
    // Some Linux notification servers never report "closed": keep only the newest references.
    if (this.alive.size > 50) this.alive.delete(this.alive.values().next().value as Notification);
    const release = () => this.alive.delete(notification);
    notification.on('click', () => {
      this.lastClickAt = Date.now();
      release();
      onClick?.();
    });
    // Windows: a toast that times out moves to Action Center and emits "close"; it can still be clicked.
    if (this.platform !== 'win32') notification.on('close', release);
    notification.on('failed', release);
    notification.show();
  }

  get pending(): number {
    return this.alive.size;
  }
}
