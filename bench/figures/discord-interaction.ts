import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter, type DiscordAdapter, discordAccess } from '../../adapters/discord/index.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { BOT_TOKEN, GUILD_ID } from '../../test/helpers/discord-stack.ts';
import { startDiscordSide } from '../discord-side.ts';
import { type BenchOptions, burstFigure, type Figure } from '../figure.ts';
import { burstsInTurn, summarise, until } from '../stats.ts';

const CONCURRENCY = 200;
/** A pause before each burst, so that neither client's burst starts while the other's is winding down. */
const SETTLE_MS = 50;

/**
 * Discord: INTERACTION_CREATE, as the gateway stand-in dispatches it, to the first interaction
 * callback (the deferral) received by the REST stand-in: the real adapter (discord.js Client,
 * the core behind it) against a bare discord.js Client that only defers, both in this process,
 * each with its own stand-in, 200 interactions at once. Discord's side (both stand-ins) runs in
 * a process of its own, as Discord does: it times a callback when the callback reaches it, and
 * its own work (dispatching, reading 200 callbacks) is not this process's. The chat server
 * (emulator) too is a process of its own, as in production. Between bursts the bench waits
 * (untimed) until the adapter has edited every answer in: discord.js sends those at most 50 a
 * second (its global REST limit), so a burst takes about 4 s to finish. After each burst Discord's
 * side ends the client's idle kept-alive connections, so every burst starts without any, as one
 * after a quiet spell does (bench/processes/discord-side-child.ts says why).
 */
export async function discordInteraction(
  stack: Pick<Stack, 'runtime' | 'config'>,
  options: BenchOptions,
): Promise<Figure> {
  const discord = await startDiscordSide();
  const logs: string[] = [];
  let adapter: DiscordAdapter | undefined;
  const bare = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: discord.ready.bare.apiUrl },
  });
  let bareDeferralsDone = 0;
  bare.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    interaction
      .deferReply()
      .catch(() => undefined)
      .finally(() => {
        bareDeferralsDone += 1;
      });
  });
  try {
    adapter = createDiscordAdapter({
      core: stack.runtime.core,
      rooms: stack.runtime.rooms,
      credentials: {
        token: BOT_TOKEN,
        applicationId: discord.ready.ours.applicationId,
        guildId: GUILD_ID,
        apiUrl: discord.ready.ours.apiUrl,
      },
      log: (line) => logs.push(line),
      ...discordAccess(stack.config.bindings),
    });
    await adapter.start();
    const ready = new Promise<void>((resolve) => bare.once(Events.ClientReady, () => resolve()));
    await bare.login(BOT_TOKEN);
    await ready;

    /** From the dispatch to the answer edited in (ours): what the acknowledgement-first order costs. */
    const answered: number[] = [];
    // Ours: each burst waits for every answer too, so no command's work spills into the next burst.
    /** The slowest callback of each measured burst: how far one burst's tail moves the p99. */
    const slowest = { ours: [] as number[], bare: [] as number[] };
    const ours = async (size: number) => {
      const burst = await discord.burst('ours', size, true);
      answered.push(...burst.answerMs);
      slowest.ours.push(Math.max(...burst.callbackMs));
      return burst.callbackMs;
    };
    // The bare client's work on a burst ends when discord.js has read the response to every
    // deferral, some time after Discord has them all: the next burst waits for that, as it waits
    // for all of the adapter's answers, so neither client's burst starts during the other's work.
    const reference = async (size: number) => {
      const done = bareDeferralsDone + size;
      const burst = await discord.burst('bare', size, false);
      await until(() => bareDeferralsDone >= done, "the bare client's deferral responses");
      slowest.bare.push(Math.max(...burst.callbackMs));
      return burst.callbackMs;
    };

    // Warm-up: small bursts first (discord.js and the core compile their paths), then full ones.
    for (let index = 0; index < (options.quick ? 5 : 20); index += 1) {
      await ours(10);
      await reference(10);
    }
    // Full bursts each, at least one even when quick. In traces of full runs the first measured
    // bursts of both clients were still the slowest (the first one often the slowest of all, and
    // the adapter's always comes first): the p99 measured the start-up, not the bot.
    for (let index = 0; index < (options.quick ? 1 : 3); index += 1) {
      await ours(CONCURRENCY);
      await reference(CONCURRENCY);
    }

    const rounds = options.quick ? 1 : 12;
    answered.length = 0;
    slowest.ours.length = 0;
    slowest.bare.length = 0;
    const samples = await burstsInTurn(
      rounds,
      SETTLE_MS,
      () => ours(CONCURRENCY),
      () => reference(CONCURRENCY),
    );
    if (logs.some((line) => line.includes('failed')))
      throw new Error(
        `bench: the Discord adapter logged: ${logs.filter((line) => line.includes('failed'))[0]}`,
      );

    return burstFigure({
      name: `Discord: INTERACTION_CREATE to first callback, ${CONCURRENCY} concurrent`,
      referenceName: 'bare discord.js client',
      ...samples,
      details: {
        rounds,
        concurrency: CONCURRENCY,
        slowestPerBurstMs: slowest,
        // discord.js sends at most 50 requests a second (its global limit): the answers of a burst
        // of 200 take about 4 s to go out whatever the adapter does.
        oursAnswerEditedIn: summarise(answered),
      },
    });
  } finally {
    await adapter?.stop();
    await bare.destroy();
    await discord.close();
  }
}
