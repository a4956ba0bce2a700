// The time countdowns are computed from, ticking once a second. The clock is injectable so
// tests render stable frames.
import { useEffect, useState } from 'react';

export function useNow(clock: () => number, everyMs = 1000): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(timer);
  }, [clock, everyMs]);
  return now;
}
