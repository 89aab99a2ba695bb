import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isAllowListEntry } from './address-allow-list.ts';
import {
  DEFAULT_DATA_API_PORT,
  DEFAULT_HOST,
  DEFAULT_SERVER_API_PORT,
  type EmulatorOptions,
  MANUAL_PASSWORD,
} from './options.ts';

const DEFAULT_DATA_DIR = './data';

export const USAGE = `Usage: npm run emulator -- [options]     (npm start = --simulate)

Runs an emulated 123 Flash Chat server on this machine.

Options:
  --host <address>      address to listen on (default ${DEFAULT_HOST})
  --port <port>         Server API TCP port (default ${DEFAULT_SERVER_API_PORT}; 0 picks a free port)
  --http-port <port>    Data API HTTP port (default ${DEFAULT_DATA_API_PORT}; 0 picks a free port)
  --data-dir <folder>   status files go to <folder>/<group>/ (default ${DEFAULT_DATA_DIR})
  --password <pwd>      Server API password, api_pwd (default: the manual's sample password)
  --allow <address>     address allowed to send commands; repeat or separate with commas;
                        * allows any address (default ${DEFAULT_HOST})
  --simulate            simulated visitors connect, log in, join and leave rooms
  --seed <n>            seed of the simulation, same seed same visitors (default 1; needs --simulate)
  --rate <n>            simulated events per second (default 2; needs --simulate)
  -h, --help            show this help
`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: EmulatorOptions };

const portText = z
  .string()
  .regex(/^[0-9]{1,5}$/, { error: 'expected a port number from 0 to 65535' })
  .transform(Number)
  .refine((port) => port <= 65_535, { error: 'expected a port number from 0 to 65535' });

const flags = z.object({
  host: z.string().min(1, { error: 'expected an address' }).default(DEFAULT_HOST),
  port: portText.default(DEFAULT_SERVER_API_PORT),
  'http-port': portText.default(DEFAULT_DATA_API_PORT),
  'data-dir': z.string().min(1, { error: 'expected a folder' }).default(DEFAULT_DATA_DIR),
  password: z.string().min(1, { error: 'expected a password' }).optional(),
  allow: z
    .array(z.string())
    .transform((values) => values.flatMap((value) => value.split(',')).map((entry) => entry.trim()))
    .pipe(z.array(z.string().refine(isAllowListEntry, { error: 'expected IP addresses or *' })))
    .optional(),
  simulate: z.boolean().default(false),
  seed: z
    .string()
    .regex(/^-?[0-9]{1,9}$/, { error: 'expected a whole number' })
    .transform(Number)
    .optional(),
  rate: z
    .string()
    .regex(/^[0-9]{1,5}(\.[0-9]+)?$/, { error: 'expected events per second, e.g. 2 or 0.5' })
    .transform(Number)
    .refine((rate) => rate > 0, { error: 'expected more than 0 events per second' })
    .optional(),
  help: z.boolean().default(false),
});

/** Throws CliUsageError, saying which flag is wrong and why. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'http-port': { type: 'string' },
        'data-dir': { type: 'string' },
        password: { type: 'string' },
        allow: { type: 'string', multiple: true },
        simulate: { type: 'boolean' },
        seed: { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(`--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'not accepted'}`);
  }
  const given = parsed.data;
  if (given.help) return { help: true };
  if (!given.simulate && (given.seed !== undefined || given.rate !== undefined)) {
    throw new CliUsageError('--seed and --rate set up the simulation: add --simulate');
  }
  return {
    help: false,
    options: {
      host: given.host,
      port: given.port,
      httpPort: given['http-port'],
      dataDir: given['data-dir'],
      password: given.password,
      allow: given.allow,
      simulate: given.simulate ? { seed: given.seed, eventsPerSecond: given.rate } : false,
    },
  };
}

/** What the emulator tells its user at start. The password itself is never printed. */
export function describeStartup(
  running: { serverApiPort: number; httpPort: number; host: string; dataDir: string },
  options: EmulatorOptions,
): string[] {
  const host = running.host.includes(':') ? `[${running.host}]` : running.host;
  const password =
    options.password === undefined || options.password === MANUAL_PASSWORD
      ? "the manual's sample password"
      : '(set)';
  const allowed = (options.allow ?? [DEFAULT_HOST]).join(', ');
  const simulation = options.simulate
    ? `on (seed ${options.simulate.seed ?? 1}, ${options.simulate.eventsPerSecond ?? 2} events/s)`
    : 'off';
  return [
    '123 Flash Chat emulator running',
    `  Server API:   ${host}:${running.serverApiPort} (allowed: ${allowed}; password: ${password})`,
    `  Data API:     http://${host}:${running.httpPort}/rooms.xml`,
    `  Data folder:  ${running.dataDir}`,
    `  Visitors:     ${simulation}`,
    'Stop with Ctrl+C.',
  ];
}
