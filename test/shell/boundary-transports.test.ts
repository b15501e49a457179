// One boundary: the same bad input gets the same error whichever way it arrives. Each case goes through
// the three transports: IPC (the shell's handler over the strict electron double), the browser host's
// WebSocket, and the built `cronkeeper` CLI as a child process. IPC and WebSocket must answer the very
// same {code, message, field}; the CLI must print that message with the field replaced by its option
// (and exit 2). A task file entry (`tasks.import`, `cronkeeper import`) must get the same message again,
// after the entry's label.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, IPC_PREFIX, type ChannelName, type WireError } from '../../src/shared/contract';
import { quoteInput } from '../../src/shared/text-fields';
import { createCore, type Core } from '../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import type { Envelope } from '../../src/main/shell/envelope';
import { registerIpcHandlers, type ShellHandlers } from '../../src/main/shell/ipc';
import { cli, ensureBuilt, tempDir } from '../cli/cli-harness';
import { makeRendererDir, openWire, type Wire } from '../integration/host-helpers';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
vi.setConfig({ testTimeout: 180_000 });

interface Case {
  label: string;
  /** A tasks.create input (and an import file entry). */
  input: Record<string, unknown>;
  /** The `task add` arguments for the same input, when the CLI can express it, and its stderr line. */
  args?: string[];
  addLine?: string;
  /** The option the CLI names for the field. */
  option: string;
  expected: WireError;
}

const EVERY_MINUTE = '* * * * *';
const longName = 'N'.repeat(201);
const escapeName = 'a\u001b[31mb';

const cases: Case[] = [
  {
    label: 'an empty name',
    input: { name: '   ', command: 'true', cronExpression: EVERY_MINUTE },
    args: ['--name', '   ', '--cron', EVERY_MINUTE, '--command', 'true'],
    addLine: '--name: Name is required',
    option: '--name',
    expected: {
      code: 'VALIDATION',
      field: 'name',
      message: 'name: Name is required',
      // The reason's catalog code (the schema's own, or by kind): the client's language.
      messageCode: 'schema.nameRequired',
      params: {},
    },
  },
  {
    label: 'an over-long name',
    input: { name: longName, command: 'true', cronExpression: EVERY_MINUTE },
    args: ['--name', longName, '--cron', EVERY_MINUTE, '--command', 'true'],
    addLine: '--name: Name is at most 200 characters',
    option: '--name',
    expected: {
      code: 'VALIDATION',
      field: 'name',
      message: 'name: Name is at most 200 characters',
      messageCode: 'schema.nameTooLong',
      params: { max: '200' },
    },
  },
  {
    label: 'a bad cron',
    input: { name: 'bad cron', command: 'true', cronExpression: '61 * * * *' },
    args: ['--name', 'bad cron', '--cron', '61 * * * *', '--command', 'true'],
    addLine: '--cron: Minute field: 61 is out of range 0-59',
    option: '--cron',
    expected: {
      code: 'VALIDATION',
      field: 'cronExpression',
      message: 'Minute field: 61 is out of range 0-59',
      // A catalog message: its code and parameters cross too, for the client's language.
      messageCode: 'cron.field',
      params: { field: 'Minute', detail: '61 is out of range 0-59' },
    },
  },
  {
    label: 'a control character',
    input: { name: escapeName, command: 'true', cronExpression: EVERY_MINUTE },
    args: ['--name', escapeName, '--cron', EVERY_MINUTE, '--command', 'true'],
    addLine: '--name: must not contain control characters (tab, newline, NUL, escape codes...)',
    option: '--name',
    expected: {
      code: 'VALIDATION',
      field: 'name',
      message: 'name: must not contain control characters (tab, newline, NUL, escape codes...)',
      messageCode: 'valid.singleLine',
      params: {},
    },
  },
  {
    label: 'a bad variable name',
    input: { name: 'env', command: 'true', cronExpression: EVERY_MINUTE, env: { '1BAD': 'x' } },
    args: ['--name', 'env', '--cron', EVERY_MINUTE, '--command', 'true', '--env', '1BAD=x'],
    addLine: '--env: 1BAD: Variable names use letters, digits and _',
    option: '--env',
    expected: {
      code: 'VALIDATION',
      field: 'env.1BAD',
      message: 'env.1BAD: Variable names use letters, digits and _',
      messageCode: 'valid.envName',
      params: {},
    },
  },
  {
    label: 'a missing field',
    input: { name: 'no command', cronExpression: EVERY_MINUTE },
    option: '--command',
    expected: {
      code: 'VALIDATION',
      field: 'command',
      message: 'command: Invalid input: expected string, received undefined',
      messageCode: 'input.required',
      params: {},
    },
  },
  {
    label: 'a wrong type',
    input: { name: 'typed', command: 'true', cronExpression: EVERY_MINUTE, timeoutSeconds: 'abc' },
    option: '--timeout',
    expected: {
      code: 'VALIDATION',
      field: 'timeoutSeconds',
      message: 'timeoutSeconds: Invalid input: expected number, received string',
      messageCode: 'input.notNumber',
      params: {},
    },
  },
  {
    // Two problems: every transport reports the first one, the same one.
    label: 'two bad fields',
    input: { name: '', command: 'true', cronExpression: EVERY_MINUTE, maxRetries: 99 },
    option: '--name',
    expected: {
      code: 'VALIDATION',
      field: 'name',
      message: 'name: Name is required',
      messageCode: 'schema.nameRequired',
      params: {},
    },
  },
];

let ipcDir: string;
let cliDir: string;
let workDir: string;
let core: Core;
let host: BrowserHost;
let wire: Wire;
let unregister: () => void;

beforeAll(async () => {
  ensureBuilt();
  ipcDir = tempDir();
  cliDir = tempDir();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-files-'));
  // One core behind both in-process transports, as the desktop app and `serve --ui-port` each have.
  core = await createCore({ dataDir: ipcDir });
  unregister = registerIpcHandlers(fake.ipcMain as never, {
    handlers: core.handlers as unknown as ShellHandlers,
    isTrustedSender: () => true,
  });
  host = await startBrowserHost(core, { port: 0, rendererDir: makeRendererDir().root });
  wire = await openWire(host.port, host.token);
  expect(channelNames).toContain('tasks.import');
}, 180_000);

afterAll(async () => {
  wire?.close();
  await host?.close();
  unregister?.();
  await core?.stop(0);
  for (const dir of [ipcDir, cliDir, workDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function viaIpc(channel: ChannelName, input: unknown): Promise<WireError | null> {
  const reply = (await fake.ipcRenderer.invoke(IPC_PREFIX + channel, input)) as Envelope;
  return reply.ok ? null : reply.error;
}

async function viaWebSocket(channel: ChannelName, input: unknown): Promise<WireError | null> {
  const reply = await wire.request(channel, input);
  return reply.ok === true ? null : (reply.error as WireError);
}

/** The CLI's one stderr line, without "cronkeeper: ", after checking the exit code and stdout. */
async function viaCli(args: string[]): Promise<string> {
  const result = await cli(cliDir, args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith('cronkeeper: ')).toBe(true);
  return lines[0].slice('cronkeeper: '.length);
}

const exportFile = (tasks: unknown[]) => JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks });

/** "name: Name is required" without its "name: ", as the CLI prints it after the option. */
function reason(error: WireError): string {
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

describe('the same bad input through IPC, WebSocket and the CLI', () => {
  for (const c of cases) {
    it(`${c.label}: the same code, field and message everywhere`, async () => {
      const [ipc, ws] = await Promise.all([
        viaIpc('tasks.create', c.input),
        viaWebSocket('tasks.create', c.input),
      ]);
      expect(ipc).toEqual(c.expected);
      expect(ws).toEqual(c.expected);

      if (c.args) {
        // The wire message with its field replaced by the option the user typed.
        const line = await viaCli(['task', 'add', ...c.args]);
        expect(line).toBe(c.addLine);
        expect(line.endsWith(`: ${reason(c.expected)}`)).toBe(true);
      }

      // The same input as an entry of a task file: the same message after the entry's label.
      const json = exportFile([c.input]);
      const label = `Task 1 ${quoteInput(c.input.name)}: `;
      const imported = { ...c.expected, message: label + c.expected.message };
      const [ipcImport, wsImport] = await Promise.all([
        viaIpc('tasks.import', { json }),
        viaWebSocket('tasks.import', { json }),
      ]);
      expect(ipcImport).toEqual(imported);
      expect(wsImport).toEqual(imported);
      const file = path.join(workDir, `${c.label.replace(/\W+/g, '-')}.json`);
      fs.writeFileSync(file, json);
      expect(await viaCli(['import', file])).toBe(`${c.option}: ${imported.message}`);
    });
  }

  it('wrote nothing anywhere', async () => {
    expect((await core.handlers['tasks.list']({})).total).toBe(0);
    const list = await cli(cliDir, ['task', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
