// One log file per execution, stdout and stderr interleaved as they arrive, capped in size.
//
// While the output fits under the cap, every byte goes straight to the file (a live view and a crash leave
// a complete log). Past the cap, the file keeps the head (first half) and a rolling tail kept in a ring
// buffer of fixed size; on close the file is cut back to the head and the marker and the tail are
// appended. Memory stays flat whatever the output size. The log is bytes: nothing is decoded or re-encoded,
// so non-UTF-8 output is kept as-is.
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_LOG_CAP_BYTES = 10 * 1024 * 1024;

export const omittedMarker = (omitted: number) => `\n[... ${omitted} bytes omitted by Cronkeeper ...]\n`;

export class CappedLogWriter {
  private fd: number | null;
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

  /** Creates the folder and the file (truncating an old one). Throws if either cannot be created. */
  constructor(
    readonly logPath: string,
    readonly capBytes: number = DEFAULT_LOG_CAP_BYTES,
  ) {
    if (!(capBytes > 0)) this.capBytes = DEFAULT_LOG_CAP_BYTES;
    this.headCap = Math.floor(this.capBytes / 2);
    this.tailCap = this.capBytes - this.headCap;
    fs.mkdirSync(path.dirname(logPath), { recursive: true });
    this.fd = fs.openSync(logPath, 'w');
  }

  get bytesReceived(): number {
    return this.totalBytes;
  }

  write(chunk: Buffer): void {
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
    if (this.fd === null) return;
    try {
      if (this.totalBytes > this.capBytes) this.writeTruncated();
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
      this.ring = null;
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
