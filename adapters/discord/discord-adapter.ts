import {
  type BaseInteraction,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  MessageFlags,
} from 'discord.js';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { PlatformAdapter } from '../platform-adapter.ts';
import { AcknowledgementGate } from '../shared/acknowledgement-gate.ts';
import { createInteractions, type InteractionStores } from '../shared/interactions.ts';
import { buildChatCommand } from './chat-command.ts';
import { syncCommands } from './command-sync.ts';
import { createDiscordAlertSink } from './discord-alert-sink.ts';
import type { DiscordCredentials } from './discord-credentials.ts';
import { handleAutocomplete } from './handle-autocomplete.ts';
import { handleButton } from './handle-button.ts';
import { handleChatInput } from './handle-chat-input.ts';
import type { DiscordCore, InteractionContext, RoomNames } from './interaction-context.ts';
import { nameBindingLines } from './name-bindings-report.ts';
import { NO_MENTIONS } from './no-mentions.ts';
import type { GuildGate } from './platform-gate.ts';
import { describeError, redact } from './redact.ts';
import { ReplyPresenter } from './reply-presenter.ts';

export interface DiscordAdapterOptions {
  core: DiscordCore;
  /**
   * The process's one acknowledgement gate, shared with the other adapters, so that no command's
   * work starts while a request of any platform waits for its ack; default one of its own.
   */
  acknowledgements?: AcknowledgementGate;
  /** Where list pages and prompt owners are kept; default this process's memory. */
  interactionStores?: InteractionStores;
  rooms: RoomNames;
  credentials: DiscordCredentials;
  /** One line at a time, for the process log; the bot token never reaches it. */
  log: (message: string) => void;
  /** Register `/chat` at start-up when Discord's copy differs from the catalogue's; default true. */
  syncCommandsAtStart?: boolean;
  /** `bindings.discord.guilds`: when set, interactions from any other server are refused. */
  guilds?: readonly string[];
  /** The role names `bindings.discord.roles` binds (not ids): the start-up log says what each resolves to. */
  roleNameBindings?: readonly string[];
}

export type DiscordAdapter = PlatformAdapter & { readonly alertSink: AlertSink };

const SHUTTING_DOWN = 'flashchat-ops is restarting; try again in a moment.';
/** A list can be paged as long as its interaction token can edit the message: 15 minutes. */
const DISCORD_PAGES_TTL_MS = 15 * 60_000;

/**
 * `/chat` in Discord: a discord.js Client with the Guilds intent only (no privileged intent),
 * which hands each interaction to a handler and keeps nothing else.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { credentials, core, rooms } = options;
  const secrets = [credentials.token];
  const log = (message: string) => options.log(redact(message, secrets));
  const clientOptions: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
  };
  if (credentials.apiUrl !== undefined) clientOptions.rest = { api: credentials.apiUrl };
  // Alerts go over REST, which needs only the token: they are posted before start(), while the
  // gateway reconnects, and by an instance that has just taken over before its gateway is ready.
  const restClient = new Client(clientOptions);
  restClient.rest.setToken(credentials.token);
  /** The gateway session, while this instance holds one: a fresh client each time (one is not reusable once destroyed). */
  let gateway: Client | undefined;

  const interactions = createInteractions({
    pagesTtlMs: DISCORD_PAGES_TTL_MS,
    stores: options.interactionStores,
  });
  const presenter = new ReplyPresenter(interactions);
  const allowedGuilds = options.guilds === undefined ? undefined : new Set(options.guilds);
  const gate: GuildGate = {
    ...(credentials.guildId === undefined ? {} : { registeredIn: credentials.guildId }),
    ...(allowedGuilds === undefined ? {} : { allowed: allowedGuilds }),
  };
  const context: InteractionContext = { core, rooms, presenter, interactions, gate, log, secrets };
  const underWay = new Set<Promise<void>>();
  let stopping = false;

  const acknowledgements = options.acknowledgements ?? new AcknowledgementGate();

  const openGateway = (): Client => {
    const client = new Client(clientOptions);
    listen(client);
    return client;
  };
  const listen = (client: Client) => {
    client.on(Events.InteractionCreate, (interaction) => {
      const release = acknowledgements.arrived();
      const acknowledged = () => {
        release();
        return acknowledgements.clear();
      };
      const work = (stopping ? refuse(interaction) : route(interaction, { ...context, acknowledged }))
        .catch((error: unknown) => {
          log(
            `discord: ${describeInteraction(interaction)} failed: ${describeError(error, [...secrets, interaction.token])}`,
          );
        })
        .finally(() => {
          release();
          underWay.delete(work);
        });
      underWay.add(work);
    });
    client.on(Events.Error, (error) => log(`discord: ${describeError(error, secrets)}`));
    client.on(Events.Warn, (message) => log(`discord: ${message}`));
    client.on(Events.ShardDisconnect, (event) =>
      log(`discord: gateway closed for good (code ${event.code})`),
    );
  };

  const closeGateway = async (finishUnderWay: boolean) => {
    stopping = true;
    if (finishUnderWay) await Promise.allSettled([...underWay]);
    const closing = gateway;
    gateway = undefined;
    await closing?.destroy();
  };

  return {
    platform: 'discord',
    connects: 'leader-only',
    alertSink: createDiscordAlertSink(restClient, presenter),

    async start() {
      if (gateway !== undefined) return;
      stopping = false;
      const client = openGateway();
      gateway = client;
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(credentials.token);
      } catch (error) {
        gateway = undefined;
        await client.destroy();
        throw new Error(`Discord login failed: ${describeError(error, secrets)}`);
      }
      await ready;
      log(`discord: connected as ${client.user?.tag ?? 'the bot'}, in ${client.guilds.cache.size} server(s)`);
      if (allowedGuilds !== undefined)
        for (const line of nameBindingLines(
          options.roleNameBindings ?? [],
          client.guilds.cache.map((guild) => ({
            id: guild.id,
            name: guild.name,
            roles: [...guild.roles.cache.values()],
          })),
          allowedGuilds,
        ))
          log(line);
      if (options.syncCommandsAtStart ?? true) {
        try {
          const outcome = await syncCommands(client.rest, credentials, [buildChatCommand(core.catalogue)]);
          const where = credentials.guildId === undefined ? 'globally' : `in server ${credentials.guildId}`;
          log(
            outcome === 'registered'
              ? `discord: /chat registered ${where}`
              : `discord: /chat is up to date ${where}`,
          );
        } catch (error) {
          // Commands registered earlier keep working; `npm run register` says more.
          log(`discord: could not register /chat: ${describeError(error, secrets)}`);
        }
      }
      // Autocomplete answers from the cache; fill it before the first keystroke.
      rooms
        .refresh()
        .catch((error: unknown) => log(`discord: room list not loaded: ${describeError(error, secrets)}`));
    },

    async standBy() {
      if (gateway === undefined) return;
      // Interactions under way are answered over REST with their own tokens: no need to hold the
      // session for them (and a stop's grace already bounds them).
      await closeGateway(false);
      log('discord: gateway closed (this instance no longer leads)');
    },

    async stop() {
      await closeGateway(true);
      await restClient.destroy();
    },
  };
}

async function route(interaction: BaseInteraction, context: InteractionContext): Promise<void> {
  if (interaction.isChatInputCommand()) await handleChatInput(interaction, context);
  else if (interaction.isAutocomplete()) await handleAutocomplete(interaction, context);
  else if (interaction.isButton()) await handleButton(interaction, context);
}

async function refuse(interaction: BaseInteraction): Promise<void> {
  if (interaction.isAutocomplete()) await interaction.respond([]);
  else if (interaction.isRepliable())
    await interaction.reply({
      content: SHUTTING_DOWN,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
}

function describeInteraction(interaction: BaseInteraction): string {
  if (interaction.isChatInputCommand()) return `/${interaction.commandName} (interaction ${interaction.id})`;
  if (interaction.isButton()) return `button ${interaction.customId} (interaction ${interaction.id})`;
  return `interaction ${interaction.id}`;
}
