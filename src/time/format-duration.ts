/**
 * Durations in messages: `300 ms`, `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`. What would round to
 * "0 s" is said in milliseconds (a 300 ms confirmation timeout is not "0 s").
 */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 500) return `${Math.round(ms)} ms`;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** A moment in messages and listings: ISO 8601 in UTC, to the second. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
