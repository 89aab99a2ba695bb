import { z } from 'zod';
import { valueIsNot } from '../text/value-text.ts';
import { durationSchema } from './duration.ts';

/**
 * The `server` block: where the 123 Flash Chat server is and how to talk to it. The fields are
 * exported one by one because the environment overrides them with the same rules.
 */

export const DEFAULT_SERVER = {
  host: '127.0.0.1',
  port: 51127,
  group: 'default',
  dataDir: './data',
  dataApiUrl: 'http://127.0.0.1:35555',
  timeoutMs: 5000,
  maxConcurrent: 8,
  statusSource: 'auto',
  pollIntervalMs: 5000,
} as const;

/** Where status, rosters, alerts and history come from (see the README, "Running anywhere"). */
export const STATUS_SOURCES = ['files', 'dataApi', 'auto'] as const;
export const statusSourceField = z.enum(STATUS_SOURCES, {
  error: valueIsNot('a status source: files, dataApi or auto'),
});

const MIN_POLL_INTERVAL_MS = 1000;

export const hostField = nonBlankText('a host name or address');

const MAX_PORT = 65_535;
export const PORT_NUMBER = `a port number (1-${MAX_PORT})`;
export const portField = z
  .number({ error: valueIsNot(PORT_NUMBER) })
  .refine((port) => Number.isInteger(port) && port >= 1 && port <= MAX_PORT, {
    error: valueIsNot(PORT_NUMBER),
  });

/** Group names become folder names under dataDir, so only plain names are accepted. */
export const groupField = z
  .string({ error: valueIsNot('a group name') })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, {
    error: valueIsNot('a group name (letters, digits, "_", "." and "-")'),
  });

export const pathField = nonBlankText('a path');

export const httpUrlField = z.url({ protocol: /^https?$/, error: valueIsNot('an http:// or https:// URL') });

export const TIMEOUT_MS = 'a timeout in milliseconds (a whole number above 0)';
export const timeoutMsField = positiveWholeNumber(TIMEOUT_MS);

function nonBlankText(what: string) {
  return z
    .string({ error: valueIsNot(what) })
    .refine((text) => text.trim() !== '', { error: valueIsNot(what) });
}

function positiveWholeNumber(what: string) {
  return z
    .number({ error: valueIsNot(what) })
    .refine((value) => Number.isSafeInteger(value) && value > 0, { error: valueIsNot(what) });
}

export const serverSchema = z.strictObject({
  host: hostField.default(DEFAULT_SERVER.host),
  /** The Server API's TCP port. */
  port: portField.default(DEFAULT_SERVER.port),
  /** The chat group (123 Flash Chat's "group"); its status files are under `<dataDir>/<group>/`. */
  group: groupField.default(DEFAULT_SERVER.group),
  /** The server's data folder, read for online.txt and room_<id>.txt. */
  dataDir: pathField.default(DEFAULT_SERVER.dataDir),
  /** The HTTP Data API; `null` when there is none (room names then come from the `rooms` block). */
  dataApiUrl: httpUrlField.nullable().default(DEFAULT_SERVER.dataApiUrl),
  timeoutMs: timeoutMsField.default(DEFAULT_SERVER.timeoutMs),
  statusSource: statusSourceField.default(DEFAULT_SERVER.statusSource),
  /** How often the Data API is polled for the alerts and the history, in ms once parsed; 1 s at least. */
  pollInterval: durationSchema
    .refine((ms) => ms >= MIN_POLL_INTERVAL_MS, {
      error: valueIsNot('a poll interval of 1 s or more'),
    })
    .default(DEFAULT_SERVER.pollIntervalMs),
  /** Commands in flight at once. */
  maxConcurrent: positiveWholeNumber('a number of commands (a whole number above 0)').default(
    DEFAULT_SERVER.maxConcurrent,
  ),
});

export type ServerSettings = z.output<typeof serverSchema>;
