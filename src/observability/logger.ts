import { type Logger, pino, stdSerializers } from 'pino';
import { LOG_MARK as MASK, secretMask } from '../text/secret-mask.ts';

/** Field names whose values are secrets wherever they appear in a log record. */
const SECRET_PATHS = [
  'apiPassword',
  'api_pwd',
  'password',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  '*.apiPassword',
  '*.api_pwd',
  '*.password',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * Structured JSON logs. Secrets are redacted by the logger's configuration, not at call sites:
 * by field name (pino's redact), and by value wherever one of the process's secrets turns up in
 * a message or a string field.
 */
export function createLogger(options: {
  secrets: readonly string[];
  level?: string;
  destination?: NodeJS.WritableStream;
}): Logger {
  const mask = secretMask(options.secrets);
  const maskValues = (value: unknown): unknown => {
    if (typeof value === 'string') return mask(value);
    if (Array.isArray(value)) return value.map(maskValues);
    // An Error's message and stack are not enumerable: serialise it first, then mask.
    if (value instanceof Error) return maskValues(stdSerializers.err(value));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskValues(inner)]));
    }
    return value;
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'flashchat-ops' },
      redact: { paths: SECRET_PATHS, censor: MASK },
      formatters: { log: (record) => maskValues(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? mask(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    options.destination ?? process.stderr,
  );
}
