import { z } from 'zod';
import { DEFAULT_RETENTION_MS, HOUR_MS } from '../stats/durations.ts';
import { MAX_PERIOD_MS, periodToMs } from '../stats/period.ts';
import { valueIsNot } from '../text/value-text.ts';
import { pathField } from './server-schema.ts';

/**
 * The `stats` block: occupancy history (`/chat stats`), kept in the state store. `path` is
 * deprecated: it names only the history file of an earlier release, imported once on upgrade
 * (default `<state.dir>/occupancy.sqlite`, filled in when the runtime is built, as the state
 * folder is resolved); relative paths are resolved against the configuration file's folder.
 */

export interface StatsSettings {
  /** False: nothing is recorded, and /chat stats says so. */
  readonly enabled: boolean;
  /** Deprecated: the old history file to import once; undefined: `<state.dir>/occupancy.sqlite`. */
  readonly path: string | undefined;
  readonly retentionMs: number;
  /** IANA time zone of the charts' time axis and the times in replies; undefined: the process's. */
  readonly timeZone: string | undefined;
}

/** Where earlier releases kept the history: the file the upgrade imports. */
export const DEFAULT_STATS_FILE_NAME = 'occupancy.sqlite';

const notARetention = valueIsNot('a retention such as 30d, 2w or 72h (from 2h, at most 366d)');
const retention = z.string({ error: notARetention }).transform((text, context) => {
  const ms = periodToMs(text);
  if (ms === undefined || ms < 2 * HOUR_MS || ms > MAX_PERIOD_MS) {
    context.issues.push({ code: 'custom', input: text, message: notARetention({ input: text }) });
    return z.NEVER;
  }
  return ms;
});

const notATimeZone = valueIsNot('a time zone (an IANA name such as UTC or Europe/Berlin)');
const timeZone = z.string({ error: notATimeZone }).refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: notATimeZone },
);

export const statsSchema = z
  .strictObject({
    enabled: z.boolean({ error: valueIsNot('true or false') }).default(true),
    path: pathField.optional(),
    retention: retention.optional(),
    timeZone: timeZone.optional(),
  })
  .transform(
    (stats): StatsSettings => ({
      enabled: stats.enabled,
      path: stats.path,
      retentionMs: stats.retention ?? DEFAULT_RETENTION_MS,
      timeZone: stats.timeZone,
    }),
  );
