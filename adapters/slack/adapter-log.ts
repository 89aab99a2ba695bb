import { type Logger, LogLevel } from '@slack/bolt';

export type Log = (message: string) => void;

/**
 * The adapter's log: every line, its own and Bolt's, passes through here with the signing secret
 * and the tokens masked, whatever an error message or a library happened to include.
 */
export function maskedLog(log: Log, mask: (text: string) => string): Log {
  return (message) => log(mask(message));
}

export { secretMask } from '../../src/text/secret-mask.ts';

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * Bolt's, the Web API client's and the Socket Mode client's logger: quiet (warnings and errors
 * only, whatever level they ask for below that) and routed to the adapter's log.
 */
export function boltLogger(log: Log): Logger {
  let level = LogLevel.WARN;
  let name = 'bolt';
  const write = (at: LogLevel, parts: unknown[]) => {
    if (SEVERITY[at] < Math.max(SEVERITY[level], SEVERITY[LogLevel.WARN])) return;
    log(`Slack (${name}) ${at}: ${parts.map(describe).join(' ')}`);
  };
  return {
    debug: (...parts: unknown[]) => write(LogLevel.DEBUG, parts),
    info: (...parts: unknown[]) => write(LogLevel.INFO, parts),
    warn: (...parts: unknown[]) => write(LogLevel.WARN, parts),
    error: (...parts: unknown[]) => write(LogLevel.ERROR, parts),
    setLevel: (wanted: LogLevel) => {
      level = wanted;
    },
    getLevel: () => level,
    setName: (wanted: string) => {
      name = wanted;
    },
  };
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}
