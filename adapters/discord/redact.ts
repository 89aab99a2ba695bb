import { DiscordAPIError, HTTPError } from 'discord.js';

const MASK = '[redacted]';

/** Every occurrence of each secret masked; empty secrets are ignored. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join(MASK);
  return result;
}

/**
 * An error as one line for the process log. Discord's API errors keep their status and code; the
 * request URL is left out, as an interaction's webhook URL carries its token.
 */
export function describeError(error: unknown, secrets: readonly (string | undefined)[]): string {
  let text: string;
  if (error instanceof DiscordAPIError) text = `${error.message} (HTTP ${error.status}, code ${error.code})`;
  else if (error instanceof HTTPError) text = `${error.message} (HTTP ${error.status})`;
  else if (error instanceof Error) text = error.message;
  else text = String(error);
  return redact(text, secrets);
}
