/**
 * The one way a secret is kept out of text: every occurrence of each secret the process holds
 * (the API password, tokens, the signing secret, a database URL) replaced by a mark, longest
 * first so a secret that contains a shorter one is hidden whole. Whatever writes text somewhere
 * a person or a file can see it (the logger, the audit log, errors, the adapters' logs) masks
 * with this, so every place follows the same rule: no secret is too short to be masked.
 */
export type SecretMask = (text: string) => string;

export const LOG_MARK = '[redacted]';

export function secretMask(secrets: readonly (string | undefined)[], mark: string = LOG_MARK): SecretMask {
  const known = [...new Set(secrets)]
    .filter((secret): secret is string => secret !== undefined && secret !== '')
    .sort((a, b) => b.length - a.length);
  if (known.length === 0) return (text) => text;
  return (text) => {
    let masked = text;
    for (const secret of known) if (masked.includes(secret)) masked = masked.replaceAll(secret, mark);
    return masked;
  };
}

/** Whether the text holds any of the secrets (for callers that rebuild a structure only then). */
export function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && text.includes(secret));
}
