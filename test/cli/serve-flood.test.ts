// A flood of idle sockets must not starve `serve`: with 1,024 file descriptors and 2,000 sockets that
// connect and say nothing (re-opened as the host closes them), an every-second task keeps recording
// successful runs, a client with the token gets its answer within a second, and the process never holds
// more than a few hundred descriptors. (Before the limits, ~1,100 idle sockets made runs fail with EMFILE
// and the UI stop answering.)
import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Execution } from '../../src/shared/types';
import { openWire, type Wire } from '../integration/host-helpers';
import { cli, cliJson, ensureBuilt, ServeProcess, tempDir, until } from './cli-harness';

vi.setConfig({ testTimeout: 120_000 });
beforeAll(() => ensureBuilt(), 180_000);

const FLOOD_SOCKETS = 2000;
const FLOOD_MS = 10_000;
const REOPEN_MS = 1000;

/**
 * The flood, in a process of its own (so that its 2,000 sockets do not slow down the test's own client):
 * idle sockets that connect and say nothing, each opened again a moment after the host closes it.
 */
const FLOODER = `
const net = require('node:net');
const [port, count, reopenMs] = process.argv.slice(1).map(Number);
let open = 0;
const one = () => {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('connect', () => { open++; });
  socket.on('error', () => {});
  socket.on('close', () => { setTimeout(one, reopenMs); });
};
for (let i = 0; i < count; i++) one();
setInterval(() => {}, 1000);
`;
const flooders: ChildProcess[] = [];
afterAll(() => {
  for (const child of flooders) child.kill('SIGKILL');
});

let retries = 0;
async function connectLikeTheBridge(port: number, token: string, until: number): Promise<Wire> {
  for (;;) {
    try {
      return await openWire(port, token);
    } catch (err) {
      if (Date.now() > until) throw err;
      retries++;
    }
  }
}

const openDescriptors = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

it.skipIf(process.platform !== 'linux')(
  'keeps running tasks and answering its UI while 2,000 idle sockets flood it with 1,024 descriptors',
  async () => {
    const dir = tempDir();
    const add = await cli(dir, [
      'task',
      'add',
      '--name',
      'tick',
      '--cron',
      '* * * * * *',
      '--command',
      'true',
      '--json',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const taskId = (JSON.parse(add.stdout) as { id: number }).id;

    const serve = new ServeProcess(dir, ['--ui-port', '0'], {}, { fdLimit: 1024 });
    try {
      const line = await serve.waitFor(/^Cronkeeper UI: /, 30_000);
      const url = new URL(line.text.slice('Cronkeeper UI: '.length));
      const port = Number(url.port);
      const token = url.hash.slice('#token='.length);
      const pid = serve.child.pid!; // sh exec'd node: the same process
      expect(fs.readFileSync(`/proc/${pid}/limits`, 'utf8')).toMatch(/Max open files\s+1024\s+1024/);
      // The scheduler is going: a first run succeeded.
      await until(
        async () =>
          (await cliJson<Execution[]>(dir, ['history', '--task', String(taskId), '--json'])).some(
            (e) => e.status === 'success',
          ) || undefined,
        20_000,
        'a first successful run',
      );
      const connected = await openWire(port, token);

      const flooder = spawn(
        process.execPath,
        ['-e', FLOODER, String(port), String(FLOOD_SOCKETS), String(REOPEN_MS)],
        {
          stdio: 'ignore',
        },
      );
      flooders.push(flooder);
      const floodStart = Date.now();
      const latencies: number[] = [];
      let maxDescriptors = 0;
      while (Date.now() - floodStart < FLOOD_MS) {
        maxDescriptors = Math.max(maxDescriptors, openDescriptors(pid));
        // The client already connected, and a new one connecting during the flood.
        let started = Date.now();
        expect((await connected.request('scheduler.state', {})).ok).toBe(true);
        latencies.push(Date.now() - started);
        started = Date.now();
        const wire = await connectLikeTheBridge(port, token, started + 1000);
        expect((await wire.request('scheduler.state', {})).ok).toBe(true);
        latencies.push(Date.now() - started);
        wire.close();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const floodEnd = Date.now();
      flooder.kill('SIGKILL');
      connected.close();

      console.log(
        `[flood] ${latencies.length} answers during the flood (${retries} connections retried), ` +
          `in ${latencies.join(' ')} ms; ` +
          `at most ${maxDescriptors} descriptors open in serve`,
      );
      expect(Math.max(...latencies)).toBeLessThan(1000);
      expect(maxDescriptors).toBeGreaterThan(100); // the flood did reach serve
      expect(maxDescriptors).toBeLessThan(512);

      // Every second of the flood has its successful run, and no run failed.
      const runs = await cliJson<Execution[]>(dir, [
        'history',
        '--task',
        String(taskId),
        '--limit',
        '200',
        '--json',
      ]);
      const during = runs.filter((e) => e.startTime! >= floodStart + 1000 && e.startTime! <= floodEnd - 1000);
      expect(runs.filter((e) => e.status === 'failed').map((e) => e.errorMessage)).toEqual([]);
      expect(during.filter((e) => e.status === 'success').length).toBeGreaterThanOrEqual(
        Math.floor((floodEnd - floodStart) / 1000) - 4,
      );
    } finally {
      for (const child of flooders) child.kill('SIGKILL');
      serve.kill('SIGTERM');
      await serve.exited;
    }
  },
);
