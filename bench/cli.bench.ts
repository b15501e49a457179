// CLI start-up benchmark: `npm run bench -- cli`.
// Every `cronkeeper` command is a fresh Node process that opens the database, so its start-up is what a user
// (or a script calling it in a loop) waits for. Runs each command ROUNDS times, interleaved with a bare
// `node -e 0` (the floor no command can beat), and reports mean wall time and CPU time (user + system, read
// inside the child at exit), their ratio to bare Node, and how many modules the command loaded, including
// whether Sequelize and zod (which `task list` and `history` skip on an up-to-date SQLite folder), Umzug
// (needed only to apply a migration) and pg (only for PostgreSQL) were among them. Beside
// them, the floor of any command that opens the data folder through the core: a bare Node that only loads
// the core's two heaviest dependencies (Sequelize and zod), nothing of Cronkeeper.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 10);
const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'cronkeeper.js');

interface Sample {
  wallMs: number;
  cpuMs: number;
  modules: number;
  packages: string[];
}

/** A preload that reports, at exit, the process's CPU time and the modules it loaded. */
const PROBE = `const fs = require('node:fs');
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const files = Object.keys(require.cache);
  const packages = [...new Set(files.map((f) => (f.match(/node_modules[\\\\/]((@[^\\\\/]+[\\\\/])?[^\\\\/]+)/) || [])[1]).filter(Boolean))];
  fs.writeFileSync(process.env.CK_PROBE_OUT, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, modules: files.length, packages }));
});
`;

function run(args: string[], probe: string, out: string): Sample {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ['--require', probe, ...args], {
    env: { ...process.env, CK_PROBE_OUT: out },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { wallMs, ...(JSON.parse(fs.readFileSync(out, 'utf8')) as Omit<Sample, 'wallMs'>) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function main(): void {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) throw new Error('build first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-cli-bench-'));
  try {
    const probe = path.join(dir, 'probe.cjs');
    fs.writeFileSync(probe, PROBE);
    const out = path.join(dir, 'probe.json');
    const dataDir = path.join(dir, 'data');
    for (let i = 1; i <= 5; i++) {
      run(
        [
          bin,
          'task',
          'add',
          '--name',
          `task ${i}`,
          '--cron',
          '0 * * * *',
          '--command',
          'true',
          '--data-dir',
          dataDir,
        ],
        probe,
        out,
      );
    }
    // A history to read: one finished run of each task.
    for (let i = 1; i <= 5; i++)
      run([bin, 'task', 'run', String(i), '--wait', '--data-dir', dataDir], probe, out);
    const commands: Record<string, string[]> = {
      'node -e 0 (bare Node)': ['-e', '0'],
      'node: require sequelize + zod': ['-e', "require('sequelize'); require('zod')"],
      'cronkeeper --version': [bin, '--version'],
      'cronkeeper task list': [bin, 'task', 'list', '--data-dir', dataDir],
      'cronkeeper history --limit 20': [bin, 'history', '--limit', '20', '--data-dir', dataDir],
    };
    const samples = new Map<string, Sample[]>(Object.keys(commands).map((name) => [name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, args] of Object.entries(commands)) samples.get(name)!.push(run(args, probe, out));
    }
    const bare = samples.get('node -e 0 (bare Node)')!;
    const bareWall = mean(bare.map((s) => s.wallMs));
    const bareCpu = mean(bare.map((s) => s.cpuMs));
    console.log(
      `CLI start-up on Node ${process.version}, mean of ${ROUNDS} runs each, interleaved (${os.cpus().length} CPUs)`,
    );
    for (const [name, list] of samples) {
      const wall = mean(list.map((s) => s.wallMs));
      const cpu = mean(list.map((s) => s.cpuMs));
      const last = list[list.length - 1];
      const lazy = ['sequelize', 'zod', 'umzug', 'pg'].map(
        (p) => `${p} ${last.packages.includes(p) ? 'loaded' : 'not loaded'}`,
      );
      console.log(
        `  ${name.padEnd(30)} wall ${wall.toFixed(0).padStart(4)} ms (${(wall / bareWall).toFixed(1)}× bare), ` +
          `CPU ${cpu.toFixed(0).padStart(4)} ms (${(cpu / bareCpu).toFixed(1)}× bare), ` +
          `${last.modules} modules; ${lazy.join(', ')}`,
      );
    }
    const target = (name: string, limit: number) => {
      const cpu = mean(samples.get(name)!.map((s) => s.cpuMs)) / bareCpu;
      console.log(
        `  ${cpu <= limit ? 'PASS' : 'MISS'} ${name}: CPU ${cpu.toFixed(1)}× bare (target <= ${limit}×)`,
      );
    };
    target('cronkeeper --version', 1.5);
    target('cronkeeper task list', 2.5);
    target('cronkeeper history --limit 20', 2.5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
