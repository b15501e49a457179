// One log file per execution, stdout and stderr interleaved as they arrive, capped in size.
//
// While the output fits under the cap, every byte goes straight to the file (a live view and a crash leave
// a complete log). Past the cap, the file keeps the head (first half) and a rolling tail kept in a ring
// buffer of fixed size; on close the file is cut back to the head and the marker and the tail are
// appended. Memory stays flat whatever the output size. The log is bytes: nothing is decoded or re-encoded,
// so non-UTF-8 output is kept as-is.
//
// When the file cannot be created (a read-only or full disk, an immutable folder) and the caller allowed it
// (allowMemoryFallback, done by process-run), the run still runs: its output goes to a MemoryLog, kept up to
// a small cap (the newest bytes), with the reason the file could not be written. Such a writer creates its
// file when the first output arrives, in the background, and a run that prints nothing has no file (see
// the constructor).
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_LOG_CAP_BYTES = 10 * 1024 * 1024;

export const omittedMarker = (omitted: number) => `\n[... ${omitted} bytes omitted by Cronkeeper ...]\n`;

/** The output kept in memory for a run without a log file. */
export const MEMORY_LOG_CAP_BYTES = 64 * 1024;

/** A run's output when its log file could not be created: the newest `capBytes`, and why there is no file. */
export class MemoryLog {
  reason: string | null = null;
  private chunks: Buffer[] = [];
  private bytes = 0;
  dropped = 0;

  constructor(readonly capBytes = MEMORY_LOG_CAP_BYTES) {}

  push(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk));
    this.bytes += chunk.length;
    while (this.bytes > this.capBytes && this.chunks.length > 0) {
      const excess = this.bytes - this.capBytes;
      const head = this.chunks[0];
      const cut = Math.min(excess, head.length);
      if (cut === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(cut);
      this.bytes -= cut;
      this.dropped += cut;
    }
  }

  /** The kept output as text (invalid UTF-8 replaced), its last `maxBytes` at most. */
  tail(maxBytes: number): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - maxBytes)).toString('utf8');
  }
}

/** Paths whose writer may fall back to memory, with the MemoryLog to use (see allowMemoryFallback). */
const memoryFallbacks = new Map<string, MemoryLog>();

/** Lets the writer for `logPath` fall back to memory if the file cannot be created; release it after. */
export function allowMemoryFallback(logPath: string, capBytes = MEMORY_LOG_CAP_BYTES): MemoryLog {
  const memory = new MemoryLog(capBytes);
  memoryFallbacks.set(logPath, memory);
  return memory;
}

/** The MemoryLog allowed for `logPath`, if any (the run helper's client fills it from the helper's report). */
export function memoryFallbackFor(logPath: string): MemoryLog | undefined {
  return memoryFallbacks.get(logPath);
}

export function releaseMemoryFallback(logPath: string): void {
  memoryFallbacks.delete(logPath);
}

/**
 * Opens (creating or truncating) a log file, creating its folder only when it is missing: the scheduler opens
 * one per run on its fire path, where a recursive mkdir of a folder that exists was two wasted system calls.
 */
function openLogFileSync(logPath: string): number {
  try {
    return fs.openSync(logPath, 'w');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(path.dirname(logPath), { recursive: true });
    return fs.openSync(logPath, 'w');
  }
}

/** Opens like openLogFileSync, on libuv's thread pool. */
function openLogFile(logPath: string, done: (err: NodeJS.ErrnoException | null, fd: number) => void): void {
  fs.open(logPath, 'w', (err, fd) => {
    if (err?.code !== 'ENOENT') return done(err, fd);
    fs.mkdir(path.dirname(logPath), { recursive: true }, (mkdirErr) =>
      mkdirErr ? done(mkdirErr, -1) : fs.open(logPath, 'w', done),
    );
  });
}

export class CappedLogWriter {
  private fd: number | null;
  /** While the file is being opened in the background: the output so far, up to the cap. */
  private early: Buffer[] | null = null;
  private earlyBytes = 0;
  private earlyDropped = 0;
  private closeWanted = false;
  /** Until the first output, a writer that creates its file then: where the output goes if it cannot. */
  private notYetOpened: MemoryLog | null = null;
  /**
   * Resolves once the file is open, or the output has gone to memory instead; for a writer that creates
   * its file on the first output, once that output has arrived (or at close, when none did).
   */
  readonly ready: Promise<void>;
  private settleReady: () => void = () => {};
  /** Resolves once the file is written and closed. */
  readonly closed: Promise<void>;
  private settleClosed: () => void = () => {};
  private readonly headCap: number;
  private readonly tailCap: number;
  /** Bytes written to the file so far (never more than the cap). */
  private fileBytes = 0;
  /** Bytes received so far. */
  private totalBytes = 0;
  /** The last `tailCap` bytes received after the head, allocated only once the head is full. */
  private ring: Buffer | null = null;
  private ringPos = 0;
  private ringFill = 0;
  private memory: MemoryLog | null = null;

  /**
   * Creates the folder and the file (truncating an old one). Throws if either cannot be created, unless a
   * memory fallback was allowed for this path: then the output goes there, with the reason.
   *
   * With a memory fallback allowed (the scheduler's runs), nothing can make the start fail, so the file is
   * created only when the first output arrives, in the background (`ready`); output arriving meanwhile
   * waits. Creating a file took 0.2-1.3 ms on a busy disk here, and its inode 0.1 ms of kernel CPU on a
   * disk where many files were lately removed, all while a burst's other runs wait to start; a run that
   * prints nothing (`true`, most cron jobs) no longer pays it at all.
   */
  constructor(
    readonly logPath: string,
    readonly capBytes: number = DEFAULT_LOG_CAP_BYTES,
  ) {
    if (!(capBytes > 0)) this.capBytes = DEFAULT_LOG_CAP_BYTES;
    this.headCap = Math.floor(this.capBytes / 2);
    this.tailCap = this.capBytes - this.headCap;
    this.closed = new Promise((resolve) => (this.settleClosed = resolve));
    const memory = memoryFallbacks.get(logPath);
    if (!memory) {
      this.fd = openLogFileSync(logPath);
      this.ready = Promise.resolve();
      return;
    }
    this.fd = null;
    this.notYetOpened = memory;
    this.ready = new Promise((resolve) => (this.settleReady = resolve));
  }

  /** The first output has arrived: creates the file on the thread pool, keeping the output until then. */
  private openOnFirstOutput(memory: MemoryLog): void {
    this.notYetOpened = null;
    this.early = [];
    openLogFile(this.logPath, (err, fd) => {
      const early = this.early!;
      this.early = null;
      if (err) {
        memory.reason = err.message;
        this.memory = memory;
      } else this.fd = fd;
      for (const chunk of early) this.write(chunk);
      if (this.earlyDropped > 0) this.write(Buffer.from(omittedMarker(this.earlyDropped)));
      this.settleReady();
      if (this.closeWanted) this.close();
    });
  }

  get bytesReceived(): number {
    return this.totalBytes;
  }

  write(chunk: Buffer): void {
    if (this.notYetOpened) {
      if (chunk.length === 0) return;
      this.openOnFirstOutput(this.notYetOpened);
    }
    if (this.early) {
      // Still opening: keep up to the cap; past it, count what is left out (the log will say so).
      if (this.earlyBytes + chunk.length > this.capBytes) this.earlyDropped += chunk.length;
      else {
        this.early.push(Buffer.from(chunk));
        this.earlyBytes += chunk.length;
      }
      return;
    }
    if (this.memory) {
      this.memory.push(chunk);
      this.totalBytes += chunk.length;
      return;
    }
    if (this.fd === null || chunk.length === 0) return;
    const headRoom = this.headCap - this.totalBytes;
    let afterHead = chunk;
    if (headRoom > 0) afterHead = chunk.subarray(Math.min(headRoom, chunk.length));
    // Straight to the file while under the cap.
    const fileRoom = this.capBytes - this.fileBytes;
    if (fileRoom > 0) {
      const direct = chunk.subarray(0, Math.min(fileRoom, chunk.length));
      this.writeAll(direct);
      this.fileBytes += direct.length;
    }
    this.totalBytes += chunk.length;
    if (afterHead.length > 0) this.pushTail(afterHead);
  }

  /** Writes the head + marker + tail layout if the output went over the cap, then closes the file. */
  close(): void {
    if (this.notYetOpened) {
      // Nothing was printed, so there is no file. One left at this path by an earlier database whose
      // ids ran this far (logs outlive a database switch until the sweep) is not this run's: removed.
      this.notYetOpened = null;
      this.settleReady();
      fs.unlink(this.logPath, () => this.settleClosed());
      return;
    }
    if (this.early) {
      this.closeWanted = true; // closed once open, after what waited is written
      return;
    }
    if (this.fd === null) return this.settleClosed();
    try {
      if (this.totalBytes > this.capBytes) this.writeTruncated();
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
      this.ring = null;
      this.settleClosed();
    }
  }

  private writeTruncated(): void {
    // The marker takes room from the tail so that the file ends up exactly at the cap (or just under).
    let kept = this.ringFill;
    let marker = '';
    for (let i = 0; i < 3; i++) {
      marker = omittedMarker(this.totalBytes - this.headCap - kept);
      kept = Math.max(0, Math.min(this.ringFill, this.tailCap - Buffer.byteLength(marker)));
    }
    marker = omittedMarker(this.totalBytes - this.headCap - kept);
    fs.ftruncateSync(this.fd!, this.headCap);
    this.fileBytes = this.headCap;
    this.writeAll(Buffer.from(marker), this.headCap);
    const tail = this.ringContents().subarray(this.ringFill - kept);
    this.writeAll(tail, this.headCap + Buffer.byteLength(marker));
  }

  private pushTail(bytes: Buffer): void {
    if (!this.ring) this.ring = Buffer.allocUnsafe(this.tailCap);
    const ring = this.ring;
    let data = bytes;
    if (data.length >= ring.length) {
      data.copy(ring, 0, data.length - ring.length);
      this.ringPos = 0;
      this.ringFill = ring.length;
      return;
    }
    const first = Math.min(data.length, ring.length - this.ringPos);
    data.copy(ring, this.ringPos, 0, first);
    data = data.subarray(first);
    if (data.length > 0) data.copy(ring, 0);
    this.ringPos = (this.ringPos + first + data.length) % ring.length;
    this.ringFill = Math.min(ring.length, this.ringFill + first + data.length);
  }

  /** Oldest byte first. */
  private ringContents(): Buffer {
    const ring = this.ring;
    if (!ring) return Buffer.alloc(0);
    if (this.ringFill < ring.length) return ring.subarray(0, this.ringFill);
    return Buffer.concat([ring.subarray(this.ringPos), ring.subarray(0, this.ringPos)]);
  }

  private writeAll(bytes: Buffer, position: number | null = null): void {
    let offset = 0;
    while (offset < bytes.length) {
      const pos = position === null ? null : position + offset;
      offset += fs.writeSync(this.fd!, bytes, offset, bytes.length - offset, pos);
    }
  }
}
