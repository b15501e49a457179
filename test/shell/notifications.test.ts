// Notification rules for every notifyOn setting against every (previous, current) outcome, the texts,
// the global switch, and the adapter (shown natively, click routed, references kept then released).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Execution, ExecutionStatus, NotifyOn } from '../../src/shared/types';
import { decideNotification, Notifier } from '../../src/main/shell/notifications';
import { shellText } from '../../src/main/shell/shell-text';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => fake.resetReady());

const execution = (status: ExecutionStatus, extra: Partial<Execution> = {}): Execution => ({
  id: 5,
  taskId: 3,
  status,
  trigger: 'schedule',
  scheduledAt: null,
  startTime: 0,
  endTime: 1000,
  durationSeconds: 12.5,
  exitCode: status === 'failed' ? 1 : status === 'success' ? 0 : null,
  errorMessage: status === 'failed' ? 'boom' : status === 'timed_out' ? 'Timed out after 60 s' : null,
  retryCount: 0,
  pid: null,
  logPath: null,
  createdAt: 0,
  result: {},
  progress: {},
  ...extra,
});

const decide = (
  notifyOn: NotifyOn,
  status: ExecutionStatus,
  previousStatus: ExecutionStatus | null,
  enabled = true,
) =>
  decideNotification({
    notifyOn,
    notificationsEnabled: enabled,
    finished: { execution: execution(status), taskName: 'Backup', previousStatus },
    text: shellText('en'),
  })?.kind ?? null;

describe('rules', () => {
  // [notifyOn, previous, current, expected kind]
  const table: [NotifyOn, ExecutionStatus | null, ExecutionStatus, string | null][] = [
    ['never', 'success', 'failed', null],
    ['never', 'failed', 'success', null],
    ['never', null, 'timed_out', null],

    ['failure', 'success', 'failed', 'failure'],
    ['failure', 'failed', 'failed', 'failure'],
    ['failure', null, 'timed_out', 'timeout'],
    ['failure', 'success', 'interrupted', 'failure'],
    ['failure', 'failed', 'success', 'recovery'],
    ['failure', 'timed_out', 'success', 'recovery'],
    ['failure', 'success', 'success', null],
    ['failure', null, 'success', null],
    ['failure', 'failed', 'cancelled', null],
    ['failure', 'success', 'skipped', null],
    ['failure', 'success', 'missed', null],

    ['always', 'success', 'success', 'success'],
    ['always', null, 'success', 'success'],
    ['always', 'success', 'failed', 'failure'],
    ['always', 'failed', 'success', 'recovery'],
    ['always', 'success', 'timed_out', 'timeout'],
    ['always', 'success', 'cancelled', null],

    ['change', 'success', 'failed', 'failure'],
    ['change', 'failed', 'success', 'recovery'],
    ['change', 'success', 'success', null],
    ['change', 'failed', 'failed', null],
    ['change', 'failed', 'timed_out', null],
    ['change', null, 'failed', 'failure'],
    ['change', null, 'success', null],
    ['change', 'cancelled', 'failed', 'failure'],
    ['change', 'success', 'cancelled', null],
  ];

  it.each(table)('notifyOn=%s, %s -> %s: %s', (notifyOn, previous, status, expected) => {
    expect(decide(notifyOn, status, previous)).toBe(expected);
  });

  it('says nothing at all when notifications are off', () => {
    for (const notifyOn of ['failure', 'always', 'change'] as const) {
      expect(decide(notifyOn, 'failed', 'success', false)).toBeNull();
    }
  });
});

describe('texts', () => {
  const spec = (
    status: ExecutionStatus,
    previousStatus: ExecutionStatus | null,
    extra: Partial<Execution> = {},
    lang: 'en' | 'zh-CN' = 'en',
  ) =>
    decideNotification({
      notifyOn: 'always',
      notificationsEnabled: true,
      finished: { execution: execution(status, extra), taskName: 'Backup', previousStatus },
      text: shellText(lang),
    });

  it('name the task, the outcome and why', () => {
    expect(spec('failed', 'success')).toEqual({
      kind: 'failure',
      title: 'Backup failed',
      body: 'Exit code 1. boom',
      executionId: 5,
      taskId: 3,
    });
    expect(spec('timed_out', null)).toMatchObject({
      title: 'Backup timed out',
      body: 'Timed out after 60 s',
    });
    expect(spec('success', 'failed')).toMatchObject({
      title: 'Backup recovered',
      body: 'Succeeded in 12.5 s after failing.',
    });
    expect(spec('success', null, { durationSeconds: 3725 })).toMatchObject({
      body: 'Finished in 1 h 2 min.',
    });
    expect(spec('interrupted', null)).toMatchObject({ body: 'Cronkeeper stopped while it was running.' });
    const long = spec('failed', null, { errorMessage: 'x'.repeat(1000) });
    expect(long?.body.length).toBeLessThan(200);
  });

  it("say why: the error summary's last line, the exit code named once", () => {
    const traceback = 'Traceback (most recent call last):\n  File "x.py"\n…\nKeyError: \'id\'\n';
    expect(
      spec('failed', null, {
        errorMessage: 'Exited with code 1',
        result: { error_summary: traceback },
      })?.body,
    ).toBe("Exited with code 1: KeyError: 'id'");
    expect(spec('failed', null, { result: { error_summary: 'disk full' } })?.body).toBe(
      'Exit code 1. boom: disk full',
    );
    expect(spec('timed_out', null, { result: { error_summary: 'waiting for lock' } })?.body).toBe(
      'Timed out after 60 s: waiting for lock',
    );
  });

  it('speak Chinese with the Chinese text', () => {
    const zh = (
      status: ExecutionStatus,
      previous: ExecutionStatus | null,
      extra: Partial<Execution> = {},
    ) => {
      const result = spec(status, previous, extra, 'zh-CN');
      return result && [result.title, result.body];
    };
    expect(zh('failed', 'success')).toEqual(['Backup 运行失败', '退出码 1。boom']);
    // The run's own message (a catalog message) in Chinese too; the job's last words as they are.
    expect(
      zh('failed', null, {
        errorMessage: 'Exited with code 1',
        result: { error_summary: "Traceback (most recent call last):\nKeyError: 'id'\n" },
      }),
    ).toEqual(['Backup 运行失败', "退出码 1：KeyError: 'id'"]);
    expect(zh('timed_out', null)?.[1]).toBe('运行 60 秒后超时');
    expect(zh('failed', null, { errorMessage: 'Command not found: pg_dump' })?.[1]).toBe(
      '退出码 1。找不到命令：pg_dump',
    );
    expect(zh('failed', null, { errorMessage: null })).toEqual(['Backup 运行失败', '退出码 1。运行失败。']);
    expect(zh('timed_out', null, { errorMessage: null })).toEqual(['Backup 运行超时', '已被停止。']);
    expect(zh('interrupted', null)).toEqual(['Backup 运行失败', '运行期间 Cronkeeper 停止了。']);
    expect(zh('success', 'failed')).toEqual(['Backup 已恢复', '失败后再次成功，耗时 12.5 秒。']);
    expect(zh('success', null, { durationSeconds: 3725 })).toEqual([
      'Backup 运行成功',
      '已完成，耗时 1 小时 2 分。',
    ]);
    expect(zh('success', null, { durationSeconds: 65 })?.[1]).toBe('已完成，耗时 1 分 5 秒。');
    expect(zh('success', null, { durationSeconds: null })?.[1]).toBe('已完成。');
  });
});

describe('adapter', () => {
  it('shows a native notification and routes its click once', () => {
    const notifier = new Notifier('/icon.png');
    const onClick = vi.fn();
    notifier.show({ title: 'Backup failed', body: 'boom' }, onClick);
    const [notification] = fake.Notification.instances;
    expect(notification.shown).toBe(true);
    expect(notification.options).toMatchObject({ title: 'Backup failed', body: 'boom', icon: '/icon.png' });
    expect(notifier.pending).toBe(1);
    notification.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(notifier.pending).toBe(0);
  });

  it('keeps at most 50 references when the system never reports "closed"', () => {
    const notifier = new Notifier();
    for (let i = 0; i < 80; i++) notifier.show({ title: `n${i}`, body: '' });
    expect(notifier.pending).toBe(50);
  });

  it('does nothing where notifications are unsupported', () => {
    fake.Notification.supported = false;
    new Notifier().show({ title: 'x', body: 'y' });
    expect(fake.Notification.instances).toHaveLength(0);
  });
});
