import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { BOT_TOKEN, GUILD_ID } from '../../test/helpers/discord-stack.ts';
import { startDiscordSide } from '../discord-side.ts';
import { type BenchOptions, type Figure, latency } from '../figure.ts';
import { burstsInTurn, summarise } from '../stats.ts';

const CONCURRENCY = 200;
/** A pause before each burst, so that neither client's burst starts while the other's is winding down. */
const SETTLE_MS = 30;

/**
 * Discord: INTERACTION_CREATE, as the gateway stand-in dispatches it, to the first interaction
 * callback (the deferral) received by the REST stand-in: the real adapter (discord.js Client,
 * the core behind it) against a bare discord.js Client that only defers, both in this process,
 * each with its own stand-in, 200 interactions at once. Discord's side (both stand-ins) runs in
 * a process of its own, as Discord does: it times a callback when the callback reaches it, and
 * its own work (dispatching, reading 200 callbacks) is not this process's. The chat server
 * (emulator) too is a process of its own, as in production. Between bursts the bench waits
 * (untimed) until the adapter has edited every answer in: discord.js sends those at most 50 a
 * second (its global REST limit), so a burst takes about 4 s to finish.
 */
export async function discordInteraction(
  stack: Pick<Stack, 'runtime'>,
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
  bare.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) interaction.deferReply().catch(() => undefined);
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
    });
    await adapter.start();
    const ready = new Promise<void>((resolve) => bare.once(Events.ClientReady, () => resolve()));
    await bare.login(BOT_TOKEN);
    await ready;

    /** From the dispatch to the answer edited in (ours): what the acknowledgement-first order costs. */
    const answered: number[] = [];
    // Ours: each burst waits for every answer too, so no command's work spills into the next burst.
    const ours = async (size: number) => {
      const burst = await discord.burst('ours', size, true);
      answered.push(...burst.answerMs);
      return burst.callbackMs;
    };
    const reference = async (size: number) => (await discord.burst('bare', size, false)).callbackMs;

    // Warm-up: small bursts first (discord.js and the core compile their paths), then a full one.
    for (let index = 0; index < (options.quick ? 5 : 20); index += 1) {
      await ours(10);
      await reference(10);
    }
    // A full burst each, even when quick: the first one opens 200 connections to the stand-in.
    await ours(CONCURRENCY);
    await reference(CONCURRENCY);

    const rounds = options.quick ? 1 : 16;
    answered.length = 0;
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

    const oursSummary = summarise(samples.measured);
    const bareSummary = summarise(samples.reference);
    const ratio = oursSummary.p99 / bareSummary.p99;
    return {
      name: `Discord: INTERACTION_CREATE to first callback, ${CONCURRENCY} concurrent`,
      measured: `${latency(oursSummary)}; p99 ratio ${ratio.toFixed(2)}`,
      reference: `bare discord.js client ${latency(bareSummary)}`,
      value: ratio,
      target: 'p99 ratio <= 1.2',
      met: ratio <= 1.2,
      details: {
        rounds,
        concurrency: CONCURRENCY,
        ours: oursSummary,
        bare: bareSummary,
        p99Ratio: ratio,
        // discord.js sends at most 50 requests a second (its global limit): the answers of a burst
        // of 200 take about 4 s to go out whatever the adapter does.
        oursAnswerEditedIn: summarise(answered),
      },
    };
  } finally {
    await adapter?.stop();
    await bare.destroy();
    await discord.close();
  }
}
