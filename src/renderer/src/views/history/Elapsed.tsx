// A running execution's elapsed time, ticking every second while it is shown (the drawer's Duration):
// its own timer, so that only this text re-renders, and only while a run is open in the drawer.
import { useEffect, useState } from 'react';
import { formatDuration } from '../../format/time';

export function Elapsed({ since, pausedAt }: { since: number; pausedAt?: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (pausedAt != null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [pausedAt]);
  // Paused: the clock stands at the pause, as the run does.
  const end = pausedAt ?? now;
  return <span data-testid="exec-elapsed">{formatDuration(Math.max(0, (end - since) / 1000))}</span>;
}
