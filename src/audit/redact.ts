import { holdsSecret as holdsAnySecret, secretMask } from '../text/secret-mask.ts';

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
  /**
   * A JSON.stringify replacer: secret-named members become REDACTED, secret substrings in values
   * and member names are replaced. It sees values after toJSON, exactly as they are written.
   */
  replacer(this: unknown, key: string, value: unknown): unknown;
  /** The text with secret substrings replaced. */
  text(text: string): string;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const redactText = secretMask(secrets, REDACTED);
  const holdsSecret = (text: string): boolean => holdsAnySecret(text, secrets);

  return {
    text: redactText,
    // One pass inside JSON.stringify: the audit line is built on every command's path.
    replacer(this: unknown, key: string, value: unknown): unknown {
      if (!Array.isArray(this) && isSecretKey(key)) return REDACTED;
      if (typeof value === 'string') return redactText(value);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const names = Object.keys(value);
      if (!names.some(holdsSecret)) return value;
      // A member name holding a secret: the object is written under redacted names.
      return Object.fromEntries(
        names.map((name) => [redactText(name), (value as Record<string, unknown>)[name]]),
      );
    },
  };
}
