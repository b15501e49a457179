// LiveOutput, the test run's output pusher: whole lines only while data flows, protocol lines left out
// even when split across chunks, an unfinished line shown once output pauses, and a flood trimmed to its
// end with `reset` set.
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_MAX_CHARS, LiveOutput, withoutProtocolLines } from '../../src/main/core/runner/test-run-live';

const live: LiveOutput[] = [];
afterEach(() => live.splice(0).forEach((l) => l.dispose()));

function collect(intervalMs = 20) {
  const pushed: { text: string; reset: boolean }[] = [];
  const progress: { percent: number | null; message: string | null }[] = [];
  const out = new LiveOutput(
    {
      output: (text, reset) => pushed.push({ text, reset }),
      progress: (percent, message) => progress.push({ percent, message }),
    },
    undefined,
    intervalMs,
  );
  live.push(out);
  return { out, pushed, progress, text: () => pushed.map((p) => p.text).join('') };
}

const until = async (probe: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('LiveOutput', () => {
  it('leaves out protocol lines split across chunks, keeps malformed ones and stderr', () => {
    const { out, text } = collect(60_000);
    out.push(Buffer.from('one\n::prog'), 'stdout');
    out.push(Buffer.from('ress 50 half\n::progressive\n::result {"a": 1}\ntwo\n'), 'stdout');
    out.push(Buffer.from('::progress 10 on stderr\n'), 'stderr');
    out.finish();
    expect(text()).toBe('one\n::progressive\ntwo\n::progress 10 on stderr\n');
  });

  it('shows an unfinished line once output pauses; its rest is text even if it looks like protocol', async () => {
    const { out, text } = collect(20);
    out.push(Buffer.from('Password: '), 'stdout');
    await until(() => text() === 'Password: ');
    out.push(Buffer.from('::progress 50\nnext\n'), 'stdout');
    out.finish();
    expect(text()).toBe('Password: ::progress 50\nnext\n');
  });

  it('holds back a partial line that may be a protocol line', async () => {
    const { out, text } = collect(20);
    out.push(Buffer.from('ready\n::progress 5'), 'stdout');
    await until(() => text() === 'ready\n');
    await new Promise((r) => setTimeout(r, 100)); // several idle intervals
    expect(text()).toBe('ready\n');
    out.push(Buffer.from('0 half\n'), 'stdout');
    out.finish();
    expect(text()).toBe('ready\n');
  });

  it('trims a flood to its end and says so', () => {
    const { out, pushed } = collect(60_000);
    out.push(Buffer.from('x'.repeat(LIVE_MAX_CHARS) + '\nlast line\n'), 'stdout');
    out.finish();
    expect(pushed).toHaveLength(1);
    expect(pushed[0].reset).toBe(true);
    expect(pushed[0].text.length).toBe(LIVE_MAX_CHARS);
    expect(pushed[0].text.endsWith('\nlast line\n')).toBe(true);
  });

  it('pushes progress changes only', () => {
    const { out, progress } = collect(60_000);
    out.onProgress({ progressPercent: 40, message: 'Loading' });
    out.onProgress({ progressPercent: 40, message: 'Loading' });
    out.finish();
    expect(progress).toEqual([{ percent: 40, message: 'Loading' }]);
  });

  it('withoutProtocolLines keeps line ends and ordinary text', () => {
    expect(withoutProtocolLines('a\r\n::progress 3\r\n{"progress": 0.5}\nb')).toBe('a\r\nb');
  });
});
