// A private PostgreSQL cluster for tests that stop and restart the server: initdb in a temp folder, on a free
// loopback port, run by the `postgres` user when we are root (PostgreSQL refuses to run as root). The
// shared server that other tests use is never touched. Skips (with the reason) where no binaries exist.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl, or null. */
function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** Creates the cluster (not started), or says why it cannot. */
  static async create(): Promise<PrivatePostgres | { skip: string }> {
    if (process.platform !== 'linux')
      return { skip: 'the private PostgreSQL cluster is set up on Linux only' };
    const bin = findBinaries();
    if (!bin) return { skip: 'no PostgreSQL server binaries under /usr/lib/postgresql' };
    const root = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-pg-'));
    if (root) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (id.status !== 0) return { skip: 'running as root without a `postgres` user to run the server' };
      fs.chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    const pg = new PrivatePostgres(bin, dir, await freePort(), root);
    const init = pg.run('initdb', [
      '-D',
      pg.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    if (init.status !== 0) return { skip: `initdb failed: ${init.stderr.trim().slice(0, 300)}` };
    return pg;
  }

  /** A new empty database (each test attempt gets its own); returns its URL. */
  createDatabase(): string {
    const name = `ck_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const r = this.run('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
    if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    const r = this.run('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    if (r.status !== 0) throw new Error(`pg_ctl start failed: ${r.stderr}\n${this.serverLog()}`);
  }

  startIfStopped(): void {
    if (this.run('pg_ctl', ['-D', this.data, 'status']).status !== 0) this.start();
  }

  /** Stops the server; `immediate` is a crash (no clean shutdown), `fast` a normal stop. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    const r = this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
    if (r.status !== 0) throw new Error(`pg_ctl stop failed: ${r.stderr}`);
  }

  /** Stops (if running) and removes the cluster. */
  destroy(): void {
    this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  serverLog(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').slice(-2000);
    } catch {
      return '';
    }
  }

  private run(tool: string, args: string[]) {
    const file = path.join(this.bin, tool);
    const [cmd, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    return spawnSync(cmd, argv, { encoding: 'utf8', cwd: this.dir, timeout: 90_000 });
  }
}
