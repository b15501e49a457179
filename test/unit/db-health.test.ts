// The degraded state's arithmetic, on fake timers: which errors count as the database's, the backoff
// (0.5 s doubling to 30 s) while the probe fails too, an immediate attempt once the probe answers again,
// the outage logged once when it starts and once when it ends, and which slots fell inside it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DbHealth, isDatabaseError, outageMissedMessage } from '../../src/main/core/scheduler/db-health';

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 11, 4, 10, 0, 0) }));
afterEach(() => vi.useRealTimers());

function harness() {
  const lines: string[] = [];
  const attempts: number[] = [];
  let dbUp = false;
  const health = new DbHealth({
    now: () => Date.now(),
    log: (line) => lines.push(line),
    recover: async () => {
      attempts.push(Date.now());
      if (!dbUp)
        throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'SequelizeConnectionRefusedError' });
      health.beginAttempt();
      health.recovered();
    },
    probe: async () => {
      if (!dbUp) throw new Error('down');
    },
    onChange: () => {},
  });
  return { health, lines, attempts, up: () => (dbUp = true) };
}

describe('db-health', () => {
  it('tells database errors from other errors', () => {
    expect(isDatabaseError(Object.assign(new Error('x'), { name: 'SequelizeConnectionRefusedError' }))).toBe(
      true,
    );
    expect(
      isDatabaseError(
        Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' }),
      ),
    ).toBe(true);
    expect(isDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isDatabaseError(Object.assign(new Error('dup'), { name: 'SequelizeUniqueConstraintError' }))).toBe(
      false,
    );
    expect(isDatabaseError(new TypeError('a bug'))).toBe(false);
  });

  it('backs off 0.5 s doubling to 30 s while down, recovers at once when the probe answers, logs twice', async () => {
    const h = harness();
    const start = Date.now();
    h.health.failed(new Error('SQLITE_FULL: database or disk is full'));
    expect(h.health.status()).toMatchObject({ health: 'degraded', degradedSince: start });
    await vi.advanceTimersByTimeAsync(120_000);
    const gaps = h.attempts.map((t, i) => t - (i === 0 ? start : h.attempts[i - 1]));
    expect(gaps.slice(0, 8)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(h.lines.filter((l) => l.startsWith('Scheduler degraded'))).toHaveLength(1);

    h.up();
    const upAt = Date.now();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h.health.degraded).toBe(false);
    expect(h.attempts.at(-1)! - upAt).toBeLessThanOrEqual(1_000);
    const recovered = h.lines.filter((l) => l.startsWith('Scheduler recovered'));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toContain('from 2026-12-04T10:00:00Z to 2026-12-04T10:02:0');
    const outage = h.health.status().lastOutage!;
    expect(outage.from).toBe(start);
    expect(h.health.outageOf(start + 5_000, 5_000)).toEqual(outage);
    expect(h.health.outageOf(start - 4_000, 5_000)).toEqual(outage); // being handled when it failed
    expect(h.health.outageOf(start - 10_000, 5_000)).toBeNull();
    expect(h.health.outageOf(outage.to + 1, 5_000)).toBeNull();
    expect(outageMissedMessage(outage)).toMatch(/^Missed: the database was unavailable from \S+Z to \S+Z$/);
    // Nothing more is attempted once recovered.
    const count = h.attempts.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.attempts).toHaveLength(count);
  });
});
