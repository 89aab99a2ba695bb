import { resolve } from 'node:path';
import { z } from 'zod';
import { valueIsNot } from '../text/value-text.ts';
import type { ConfigProblem, Validated } from './problem.ts';
import { validate } from './schema-problems.ts';
import {
  groupField,
  hostField,
  httpUrlField,
  PORT_NUMBER,
  pathField,
  portField,
  statusSourceField,
  TIMEOUT_MS,
  timeoutMsField,
} from './server-schema.ts';

/**
 * What the environment says: overrides for the `server` block, and the Server API password,
 * which only ever comes from here. The variables are passed in rather than read from
 * process.env, so tests and the app decide where they come from.
 */

export const API_PASSWORD_VARIABLE = 'FLASHCHAT_API_PASSWORD';

/** A number held in a variable, refused as the text it was. */
function numberText(field: z.ZodType<number>, what: string) {
  return z
    .string()
    .refine((text) => /^[0-9]+$/.test(text) && field.safeParse(Number(text)).success, {
      error: valueIsNot(what),
    })
    .transform(Number);
}

const serverOverridesSchema = z
  .object({
    FLASHCHAT_HOST: hostField.optional(),
    FLASHCHAT_PORT: numberText(portField, PORT_NUMBER).optional(),
    FLASHCHAT_GROUP: groupField.optional(),
    // Relative to where the process runs: a variable is not written in the config file's folder.
    FLASHCHAT_DATA_DIR: pathField.transform((dir) => resolve(dir)).optional(),
    FLASHCHAT_DATA_API_URL: httpUrlField.optional(),
    FLASHCHAT_TIMEOUT_MS: numberText(timeoutMsField, TIMEOUT_MS).optional(),
    FLASHCHAT_STATUS_SOURCE: statusSourceField.optional(),
  })
  .transform((variables) =>
    withoutUnset({
      host: variables.FLASHCHAT_HOST,
      port: variables.FLASHCHAT_PORT,
      group: variables.FLASHCHAT_GROUP,
      dataDir: variables.FLASHCHAT_DATA_DIR,
      dataApiUrl: variables.FLASHCHAT_DATA_API_URL,
      timeoutMs: variables.FLASHCHAT_TIMEOUT_MS,
      statusSource: variables.FLASHCHAT_STATUS_SOURCE,
    }),
  );

/** Only the settings a variable actually gave, so spreading them over the file's keeps the rest. */
function withoutUnset<Settings extends Record<string, unknown>>(settings: Settings): Partial<Settings> {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as Partial<Settings>;
}

export type ServerOverrides = z.output<typeof serverOverridesSchema>;

export const DATABASE_URL_VARIABLE = 'CHATOPS_DATABASE_URL';

export interface EnvironmentSettings {
  readonly serverOverrides: ServerOverrides;
  readonly apiPassword: string;
  /** The PostgreSQL state store's URL (a secret); undefined when not set. */
  readonly databaseUrl?: string;
}

export function readEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Validated<EnvironmentSettings> {
  // dotenv turns `NAME=` into an empty string; that means "not set", not "set to nothing".
  const setVariables = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const overrides = validate(serverOverridesSchema, setVariables);
  const apiPassword = setVariables[API_PASSWORD_VARIABLE];
  const databaseUrl = setVariables[DATABASE_URL_VARIABLE];
  const badDatabaseUrl = databaseUrl !== undefined && !isPostgresUrl(databaseUrl);
  const problems: ConfigProblem[] = [
    ...(overrides.ok ? [] : overrides.problems),
    ...(apiPassword === undefined ? [missingPassword] : []),
    ...(badDatabaseUrl ? [notAPostgresUrl] : []),
  ];
  if (!overrides.ok || apiPassword === undefined || badDatabaseUrl) return { ok: false, problems };
  return { ok: true, value: { serverOverrides: overrides.value, apiPassword, databaseUrl } };
}

/** The URL is a secret: the problem says what is expected, never what was given. */
const notAPostgresUrl: ConfigProblem = {
  path: [],
  message: `${DATABASE_URL_VARIABLE} is not a PostgreSQL URL (expected postgres://user:password@host:5432/database)`,
};

function isPostgresUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const missingPassword: ConfigProblem = {
  path: [],
  message: `${API_PASSWORD_VARIABLE} is not set (the Server API password, auth-password in the server's server.xml)`,
};
