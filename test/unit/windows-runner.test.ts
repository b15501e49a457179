// The executor's Windows branches with process.platform and the runner replaced: the exact command line
// cmd.exe receives (libuv's quoting rules) and what it runs, the run's Job Object (strict kernel32 double),
// Ctrl-Break with the SIGTERM grace before the job is terminated, and cmd.exe's limits.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitMessage } from '../../src/main/core/runner/exit-codes';
import { setSpawnForTests, startProcess, type StartOptions } from '../../src/main/core/runner/executor';
import {
  killProcessTree,
  KILL_GRACE_MS,
  processStartTime,
  setTaskkillSpawnForTests,
  stopWindowsTree,
} from '../../src/main/core/runner/process-tree';
import { checkCommandForPlatform } from '../../src/main/core/services/task-validation';
import { windowsCodePage } from '../../src/main/core/runner/output-encoding';
import {
  CTRL_BREAK_SCRIPT,
  sendCtrlBreak,
  setCtrlBreakRunnerForTests,
} from '../../src/main/core/runner/windows-ctrl-break';
import { CMD_MAX_CHARS, shellInvocation } from '../../src/main/core/runner/windows-command';
import {
  defineJobLimitStruct,
  JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
  RunJob,
  setKernel32ForTests,
} from '../../src/main/core/runner/windows-job';
import { cmdRuns, FakeWindows, libuvCommandLine, onPlatform } from './fake-windows';

const COMSPEC = 'C:\\WINDOWS\\system32\\cmd.exe';
const COMMANDS = [
  '"C:\\Program Files\\Tool\\x.exe" "D:\\My Data"',
  'cd /d "D:\\Build Output" && "C:\\Program Files\\nodejs\\node.exe" build.js',
  'echo %USERPROFILE% & echo "%APPDATA%\\Cronkeeper"',
  'echo a^&b ^| "quoted ^ caret"',
  '"C:\\Users\\张三\\工具 集\\run.cmd" --name "数据 同步" ☃',
  'robocopy "C:\\src dir" "\\\\nas\\backup\\dst" /MIR || exit /b 0',
];

let dir: string;
let fake: FakeWindows;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-win-'));
  fake = new FakeWindows();
  setKernel32ForTests(fake.kernel32);
  setCtrlBreakRunnerForTests(fake.ctrlBreakRunner);
});
afterEach(() => {
  setSpawnForTests(undefined);
  setKernel32ForTests(undefined);
  setCtrlBreakRunnerForTests(undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

function start(spawnOptions: Parameters<FakeWindows['spawn']>[0], extra: Partial<StartOptions> = {}) {
  const { spawn, spawned } = fake.spawn(spawnOptions);
  setSpawnForTests(spawn as never);
  const proc = startProcess({
    command: 'long-job.exe',
    cwd: dir,
    env: {},
    logPath: path.join(dir, 'logs', '1.log'),
    logCapBytes: 1024 * 1024,
    timeoutMs: 0,
    ...extra,
  });
  return { proc, spawned };
}

describe('Windows command line', () => {
  it.each(COMMANDS)('cmd.exe receives and runs exactly the typed command: %s', async (command) => {
    await onPlatform('win32', async () => {
      const { proc, spawned } = start({ exitAfterMs: 5 }, { command, env: {} });
      await proc.done;
      expect(spawned).toHaveLength(1);
      const { file, args, options } = spawned[0];
      expect(options.windowsVerbatimArguments).toBe(true);
      expect(options.detached).toBe(false);
      expect(options.windowsHide).toBe(true);
      const line = libuvCommandLine(file, args, options.windowsVerbatimArguments as boolean);
      expect(line).toBe(`${file} /d /s /c "${command}"`);
      expect(cmdRuns(line)).toBe(command);
    });
  });

  it('the former invocation (no verbatim arguments) broke quoted paths: libuv escaped them as \\"', () => {
    const command = COMMANDS[0];
    const line = libuvCommandLine(COMSPEC, ['/d', '/s', '/c', command], false);
    expect(cmdRuns(line)).toBe('\\"C:\\Program Files\\Tool\\x.exe\\" \\"D:\\My Data\\"');
    expect(cmdRuns(line)).not.toBe(command);
  });

  it('a UNC working folder is entered with pushd, the shell starting in a local folder', () => {
    const inv = shellInvocation('dir && echo done', 'win32', '\\\\nas\\share\\jobs', {
      ComSpec: COMSPEC,
      SystemRoot: 'C:\\WINDOWS',
    });
    expect(inv.cwd).toBe('C:\\WINDOWS');
    const runs = cmdRuns(libuvCommandLine(inv.file, inv.args, inv.windowsVerbatimArguments));
    expect(runs).toBe('pushd "\\\\nas\\share\\jobs" || exit 1 & dir && echo done');
    // A drive-letter folder is used as it is.
    expect(shellInvocation('dir', 'win32', 'D:\\jobs', { ComSpec: COMSPEC }).cwd).toBe('D:\\jobs');
    expect(shellInvocation('ls', 'linux', '/srv')).toEqual({
      file: '/bin/sh',
      args: ['-c', 'ls'],
      windowsVerbatimArguments: false,
      cwd: '/srv',
    });
  });

  it('a task variable replaces the inherited one whatever its case (Path vs PATH)', async () => {
    await onPlatform('win32', async () => {
      const saved = process.env.Path;
      process.env.Path = 'C:\\Windows\\system32';
      try {
        const { proc, spawned } = start({ exitAfterMs: 5 }, { env: { PATH: 'C:\\tools;C:\\Windows' } });
        const outcome = await proc.done;
        const env = spawned[0].options.env as Record<string, string>;
        expect(Object.keys(env).filter((k) => k.toUpperCase() === 'PATH')).toEqual(['PATH']);
        expect(outcome.path).toBe('C:\\tools;C:\\Windows');
      } finally {
        if (saved === undefined) delete process.env.Path;
        else process.env.Path = saved;
      }
    });
  });

  it('refuses a command longer than cmd.exe accepts, and a multi-line one, before starting anything', async () => {
    await onPlatform('win32', async () => {
      const long = start({ exitAfterMs: 5 }, { command: `echo ${'x'.repeat(CMD_MAX_CHARS)}` });
      const outcome = await long.proc.done;
      expect(outcome.status).toBe('failed');
      expect(outcome.errorMessage).toMatch(/cmd\.exe on Windows accepts at most 8,191/);
      expect(long.spawned).toHaveLength(0);
      const twoLines = start({ exitAfterMs: 5 }, { command: 'echo a\necho b' });
      expect((await twoLines.proc.done).errorMessage).toMatch(/several lines/);
      const fits = start({ exitAfterMs: 5 }, { command: 'x'.repeat(CMD_MAX_CHARS) });
      expect((await fits.proc.done).status).toBe('success');
    });
  });
});

describe('Windows process tree: a Job Object per run', () => {
  it('puts the run in a kill-on-close job before anything else, and lets go of it when the run ends', async () => {
    await onPlatform('win32', async () => {
      const { proc } = start({ exitAfterMs: 20 });
      const outcome = await proc.done;
      expect(outcome.status).toBe('success');
      const pid = proc.pid!;
      expect(fake.calls).toEqual([
        'CreateJobObjectW',
        'SetInformationJobObject(2000)',
        `OpenProcess(101, 0, ${pid})`,
        `AssignProcessToJobObject(${pid})`,
        'CloseHandle(process)',
        'CloseHandle(job)',
      ]);
      expect(fake.openHandles()).toEqual([]);
    });
  });

  it('cancel: Ctrl-Break first; a program that stops on it ends, and closing the job takes what is left', async () => {
    await onPlatform('win32', async () => {
      const { proc } = start({ obeysCtrlBreak: true });
      proc.cancel();
      const outcome = await proc.done;
      expect(outcome.status).toBe('cancelled');
      const after = fake.calls.slice(fake.calls.indexOf('CloseHandle(process)') + 1);
      // The run ended on Ctrl-Break: closing its kill-on-close job ends any process it left behind.
      expect(after).toEqual([`CtrlBreak(${proc.pid})`, 'CloseHandle(job)']);
      expect(fake.openHandles()).toEqual([]);
    });
  });

  it('cancel: a program that ignores Ctrl-Break gets the SIGTERM grace, then the whole job is terminated', async () => {
    await onPlatform('win32', async () => {
      const { proc } = start({ obeysCtrlBreak: false });
      const cancelledAt = Date.now();
      proc.cancel();
      const outcome = await proc.done;
      expect(outcome.status).toBe('cancelled');
      expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(KILL_GRACE_MS - 50);
      expect(fake.calls.filter((c) => /CtrlBreak|Terminate|CloseHandle\(job/.test(c))).toEqual([
        `CtrlBreak(${proc.pid})`,
        'TerminateJobObject(1)',
        'CloseHandle(job)',
      ]);
      expect(fake.processes.get(proc.pid!)!.alive).toBe(false);
    });
  }, 15_000);

  it('timeout takes the same path and says so', async () => {
    await onPlatform('win32', async () => {
      const { proc } = start({ obeysCtrlBreak: true }, { timeoutMs: 100 });
      const outcome = await proc.done;
      expect(outcome).toMatchObject({ status: 'timed_out', errorMessage: 'Timed out after 0.1 s' });
      expect(fake.ctrlBreaks.map((c) => c.pid)).toEqual([proc.pid]);
    });
  });

  it('without a kernel32 binding the run still starts (no job) and ends normally', async () => {
    setKernel32ForTests(null);
    await onPlatform('win32', async () => {
      const { proc } = start({ exitAfterMs: 10, exitCode: 1 });
      expect((await proc.done).status).toBe('failed');
      expect(fake.calls).toEqual([]);
    });
  });

  it('an exit code in the task’s success list counts as success (robocopy 1)', async () => {
    await onPlatform('win32', async () => {
      const ok = start({ exitAfterMs: 5, exitCode: 1 }, { successExitCodes: [0, 1, 2, 3] });
      expect(await ok.proc.done).toMatchObject({ status: 'success', exitCode: 1, errorMessage: null });
      const bad = start({ exitAfterMs: 5, exitCode: 8 }, { successExitCodes: [0, 1, 2, 3] });
      expect(await bad.proc.done).toMatchObject({ status: 'failed', errorMessage: 'Exited with code 8' });
    });
  });
});

describe('exit codes per platform', () => {
  it('Windows: 9009 names the program cmd.exe did not recognise; NTSTATUS codes in words; no signals', () => {
    const stderr =
      "'pyhton' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n";
    expect(exitMessage('pyhton x.py', 9009, null, stderr, 'win32')).toBe('Command not found: pyhton');
    expect(exitMessage('x', 0xc000013a, null, '', 'win32')).toBe(
      'Exited with code 0xC000013A (stopped by Ctrl-C or Ctrl-Break)',
    );
    expect(exitMessage('x', -1073741819, null, '', 'win32')).toBe(
      'Exited with code 0xC0000005 (crashed: access violation)',
    );
    // 143 is not SIGTERM on Windows.
    expect(exitMessage('x', 143, null, '', 'win32')).toBe('Exited with code 143');
    expect(exitMessage('x', 127, null, '', 'win32')).toBe('Exited with code 127');
  });

  it('POSIX (Linux and macOS): 128 + N is signal N; 127 and 126 in words', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(exitMessage('x', 143, null, '', platform)).toBe('Killed by SIGTERM (exit code 143)');
      expect(exitMessage('nope', 127, null, 'sh: 1: nope: not found\n', platform)).toBe(
        'Command not found: nope',
      );
      expect(exitMessage('x', 9009, null, '', platform)).toBe('Exited with code 9009');
    }
  });
});

describe('Windows bindings', () => {
  it('JOBOBJECT_EXTENDED_LIMIT_INFORMATION has the Windows x64 layout, KILL_ON_JOB_CLOSE at offset 16', () => {
    const koffi = createRequire(__filename)('koffi');
    const struct = defineJobLimitStruct(koffi);
    expect(koffi.sizeof(struct)).toBe(process.arch === 'ia32' ? 112 : 144);
    const bytes = Buffer.alloc(koffi.sizeof(struct), 0xff);
    koffi.encode(bytes, struct, {
      BasicLimitInformation: { LimitFlags: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE },
    });
    expect(bytes.readUInt32LE(16)).toBe(0x2000);
    // Every other field is zero: no time, memory or process limits sneak in.
    expect(bytes.filter((b) => b !== 0)).toHaveLength(1);
  });

  it('the job is released when the process is already gone before it could be assigned', () => {
    expect(RunJob.forProcess(999_999)).toBeNull();
    expect(fake.calls).toEqual([
      'CreateJobObjectW',
      'SetInformationJobObject(2000)',
      'OpenProcess(101, 0, 999999)',
      'CloseHandle(job)',
    ]);
    expect(fake.openHandles()).toEqual([]);
  });

  it('Ctrl-Break goes through a helper: our executable as plain Node, koffi’s path and the pid', async () => {
    const seen: { file: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
    setCtrlBreakRunnerForTests(async (file, args, env) => {
      seen.push({ file, args, env });
      return 'sent';
    });
    expect(await sendCtrlBreak(4321)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0].file).toBe(process.execPath);
    expect(seen[0].env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(seen[0].args[0]).toBe('-e');
    expect(seen[0].args[1]).toBe(CTRL_BREAK_SCRIPT);
    expect(seen[0].args[2]).toBe(createRequire(__filename).resolve('koffi'));
    expect(seen[0].args[3]).toBe('4321');
    // The script is valid JavaScript and sends CTRL_BREAK_EVENT (1) to group 0 after attaching.
    expect(() => new Function(CTRL_BREAK_SCRIPT)).not.toThrow();
    expect(CTRL_BREAK_SCRIPT.indexOf('AttachConsole(pid)')).toBeLessThan(
      CTRL_BREAK_SCRIPT.indexOf('Generate(1, 0)'),
    );
    setCtrlBreakRunnerForTests(async () => 'attach-failed');
    expect(await sendCtrlBreak(4321)).toBe(false);
    expect(await sendCtrlBreak(-1)).toBe(false);
  });

  it('the system code page for auto follows the Windows display language', () => {
    expect(windowsCodePage({}, 'zh-CN')).toBe('gbk');
    expect(windowsCodePage({}, 'zh-TW')).toBe('big5');
    expect(windowsCodePage({}, 'ja-JP')).toBe('shift_jis');
    expect(windowsCodePage({}, 'ru-RU')).toBe('cp1251');
    expect(windowsCodePage({}, 'pl-PL')).toBe('cp1250');
    expect(windowsCodePage({}, 'en-US')).toBe('cp1252');
    expect(windowsCodePage({ CRONKEEPER_CODEPAGE: 'cp866' }, 'en-US')).toBe('cp866');
  });
});

describe('process trees without a job, and start times on macOS', () => {
  it('Windows without a job: Ctrl-Break, the grace, then taskkill /T /F on the tree (recovery: at once)', async () => {
    const spawned: { file: string; args: readonly string[]; options: Record<string, unknown> }[] = [];
    setTaskkillSpawnForTests(((file: string, args: readonly string[], options: Record<string, unknown>) => {
      spawned.push({ file, args, options });
      const child = new EventEmitter();
      setImmediate(() => child.emit('exit', 0));
      return child;
    }) as never);
    try {
      await onPlatform('win32', async () => {
        await killProcessTree(1234);
        expect(spawned).toEqual([
          {
            file: 'taskkill',
            args: ['/PID', '1234', '/T', '/F'],
            options: expect.objectContaining({ windowsHide: true }),
          },
        ]);
        // A run whose Ctrl-Break is ignored: taskkill after the grace.
        setCtrlBreakRunnerForTests(async () => 'sent');
        const started = Date.now();
        await stopWindowsTree(555, { job: null, running: () => true });
        expect(Date.now() - started).toBeGreaterThanOrEqual(KILL_GRACE_MS - 50);
        expect(spawned[1].args).toEqual(['/PID', '555', '/T', '/F']);
        // A run that ended on Ctrl-Break needs no taskkill.
        await stopWindowsTree(556, { job: null, running: () => false });
        expect(spawned).toHaveLength(2);
      });
    } finally {
      setTaskkillSpawnForTests(undefined);
    }
  }, 15_000);

  it.skipIf(process.platform !== 'linux')(
    'macOS reads a start time with ps -o lstart, matching /proc',
    async () => {
      const fromProc = processStartTime(process.pid)!;
      const fromPs = await onPlatform('darwin', async () => processStartTime(process.pid));
      expect(fromPs).not.toBeNull();
      expect(Math.abs(fromPs! - fromProc)).toBeLessThanOrEqual(2000);
      expect(await onPlatform('darwin', async () => processStartTime(2 ** 22 + 12345))).toBeNull();
    },
  );

  it('refuses, when saving on Windows, a command cmd.exe cannot run', () => {
    expect(() => checkCommandForPlatform('x'.repeat(9000), '', '', 'win32')).toThrow(/at most 8,191/);
    expect(() => checkCommandForPlatform('x'.repeat(9000), '', '', 'linux')).not.toThrow();
    expect(() => checkCommandForPlatform('dir', '', '', 'win32')).not.toThrow();
  });
});
