import {
  createDiscordAdapter,
  type DiscordAdapter,
  DiscordConfigurationError,
  type DiscordCredentials,
  discordAccess,
  discordCredentialsFromEnv,
} from '../adapters/discord/index.ts';
import { AcknowledgementGate } from '../adapters/shared/acknowledgement-gate.ts';
import { StateExpiringStore } from '../adapters/shared/state-expiring-store.ts';
import { stateReplyPages } from '../adapters/shared/state-reply-pages.ts';
import {
  createSlackAdapter,
  type SlackAdapter,
  SlackConfigError,
  type SlackCredentials,
  slackAccess,
  slackCredentialsFromEnv,
} from '../adapters/slack/index.ts';
import type { Bindings } from '../src/permissions/access-schema.ts';
import type { Runtime } from '../src/runtime/create-runtime.ts';

export interface PlatformCredentials {
  slack: SlackCredentials | undefined;
  discord: DiscordCredentials | undefined;
}

export class PlatformConfigError extends Error {
  override name = 'PlatformConfigError';
}

/** Which platforms the environment configures; a half-configured one is an error naming the variable. */
export function platformCredentials(env: Readonly<Record<string, string | undefined>>): PlatformCredentials {
  try {
    return { slack: slackCredentialsFromEnv(env), discord: discordCredentialsFromEnv(env) };
  } catch (error) {
    if (error instanceof SlackConfigError || error instanceof DiscordConfigurationError) {
      throw new PlatformConfigError(error.message);
    }
    throw error;
  }
}

/** The platform secrets, so that the audit log and the logger mask them too. */
export function platformSecrets(credentials: PlatformCredentials): string[] {
  const { slack, discord } = credentials;
  return [slack?.signingSecret, slack?.botToken, slack?.appToken, discord?.token].filter(
    (secret): secret is string => secret !== undefined && secret !== '',
  );
}

export function createPlatformAdapters(
  credentials: PlatformCredentials,
  runtime: Runtime,
  access: Bindings,
  log: (line: string) => void,
): Array<SlackAdapter | DiscordAdapter> {
  const adapters: Array<SlackAdapter | DiscordAdapter> = [];
  // One gate for both: a burst on one platform is acknowledged before the other's work runs.
  const acknowledgements = new AcknowledgementGate();
  // Pages and prompt owners in the state store: a click the balancer gives to another instance is answered there.
  const interactionStores = {
    pages: stateReplyPages(runtime.state.entries),
    promptOwners: new StateExpiringStore<string>(runtime.state.entries, 'prompt-owners'),
  };
  if (credentials.slack)
    adapters.push(
      createSlackAdapter({
        core: runtime.core,
        credentials: credentials.slack,
        log,
        acknowledgements,
        // Seen triggers in the state store: a redelivery is caught whichever instance it reaches.
        seenTriggers: new StateExpiringStore<true>(runtime.state.entries, 'slack-triggers'),
        interactionStores,
        ...slackAccess(access),
      }),
    );
  if (credentials.discord) {
    adapters.push(
      createDiscordAdapter({
        core: runtime.core,
        rooms: runtime.rooms,
        credentials: credentials.discord,
        log,
        acknowledgements,
        interactionStores,
        ...discordAccess(access),
      }),
    );
  }
  return adapters;
}
