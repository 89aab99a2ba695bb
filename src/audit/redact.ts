/**
 * Everything written to the audit log passes through here first, so no password, token or signing
 * secret reaches the file whatever field or nesting level it turns up in.
 */

export const REDACTED = '***';

/** `password`, `pwd`, `api_pwd` and any key mentioning a password, secret or token, in any case. */
const SECRET_KEY = /password|passwd|secret|token|(^|_)pwd$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export interface Redactor {
  /** A copy of a JSON value with secret-named members and secret substrings replaced. */
  value(value: unknown): unknown;
  /** The text with secret substrings replaced. */
  text(text: string): string;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret that contains a shorter one is hidden whole.
  const known = [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  const redactText = (text: string): string =>
    known.reduce((result, secret) => result.replaceAll(secret, REDACTED), text);

  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, member]) => [
          redactText(key),
          isSecretKey(key) ? REDACTED : redact(member),
        ]),
      );
    }
    return value;
  };
  return { value: redact, text: redactText };
}
