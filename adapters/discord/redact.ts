import { DiscordAPIError, HTTPError } from 'discord.js';
import { secretMask } from '../../src/text/secret-mask.ts';

/** Every occurrence of each secret masked, by the core's one masker. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return secretMask(secrets)(text);
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
