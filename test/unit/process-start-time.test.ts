// Windows start times come from one PowerShell/CIM query; the parsing and the query's shape are checked here
// with the command runner replaced (there is no Windows on this machine). Linux reads /proc for real.
import { describe, expect, it } from 'vitest';
import { processStartTime, windowsProcessStartTime } from '../../src/main/core/runner/process-tree';

describe('windowsProcessStartTime', () => {
  it('asks CIM about exactly that pid and reads the epoch milliseconds it prints', () => {
    const calls: Array<{ file: string; args: string[] }> = [];
    const time = windowsProcessStartTime(4242, (file, args) => {
      calls.push({ file, args });
      return '1795852800123\r\n';
    });
    expect(time).toBe(1795852800123);
    expect(calls).toHaveLength(1);
    expect(calls[0].file).toBe('powershell.exe');
    expect(calls[0].args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(calls[0].args[3]).toContain("Win32_Process -Filter 'ProcessId=4242'");
    expect(calls[0].args[3]).toContain('ToUnixTimeMilliseconds()');
  });

  it('is null when the process is gone, PowerShell fails, or prints something else', () => {
    expect(windowsProcessStartTime(4242, () => '\r\n')).toBeNull();
    expect(windowsProcessStartTime(4242, () => 'Get-CimInstance : Access denied')).toBeNull();
    expect(
      windowsProcessStartTime(4242, () => {
        throw new Error('spawn powershell.exe ENOENT');
      }),
    ).toBeNull();
  });

  it('never builds a query from a pid that is not a positive integer', () => {
    let called = false;
    const run = () => {
      called = true;
      return '1';
    };
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(windowsProcessStartTime(pid, run)).toBeNull();
    expect(called).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('processStartTime on Linux', () => {
  it('gives this process a start time between boot and now, and null for a pid that does not exist', () => {
    const started = processStartTime(process.pid);
    expect(started).not.toBeNull();
    const uptimeMs = process.uptime() * 1000;
    // /proc counts in 10 ms ticks; Node's own start-up happened before process.uptime() began counting.
    expect(Math.abs(Date.now() - uptimeMs - started!)).toBeLessThan(2000);
    expect(processStartTime(2 ** 22 + 12345)).toBeNull();
  });
});
