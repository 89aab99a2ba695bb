import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.ts';
import type { AlertSink } from '../../../src/alerts/alert-sink.ts';
import { CATALOGUE } from '../../../src/catalogue/catalogue.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { LOBBY, rule, useEngines } from '../../alerts/engine-fixture.ts';
import { waitFor } from '../../alerts/wait.ts';
import {
  ALERTS_CHANNEL,
  BOT_TOKEN,
  GUILD_ID,
  GUILDS,
  OPS_CHANNEL,
  textOf,
} from '../../helpers/discord-stack.ts';
import { type DiscordStandIn, NONCE_WINDOW_MS, startDiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { useTempFolders } from '../../status/temp-folder.ts';

/**
 * An alert post with an idempotency key goes to Discord with a nonce made from it and
 * `enforce_nonce`, so that the same post sent again (a retry, or a new leader finishing the
 * outbox) makes one message. The stand-in enforces the nonce as Discord documents it: the same
 * nonce from the same author within a few minutes is answered with the first message.
 */

const ALERT: Reply = {
  title: 'Lobby (1) has 50 users (threshold 50)',
  text: 'Alert rule lobby-busy: the users in the room reached 50.',
  severity: 'warning',
  visibility: 'channel',
};
const KEY = 'default|lobby-busy|room:1|1924992000000|alert|discord|701';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The adapter, not started: alerts go over REST, which needs no gateway session. */
async function sinkAgainstStandIn(): Promise<{ standIn: DiscordStandIn; adapter: DiscordAdapter }> {
  const standIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS, deadlineClock: 'test' });
  cleanups.push(() => standIn.close());
  const adapter = createDiscordAdapter({
    core: {
      catalogue: CATALOGUE,
      mayRun: () => false,
      handleInvocation: async () => ALERT,
      answerConfirmation: async () => ALERT,
      refuseRequest: () => {},
    },
    rooms: { cachedNames: () => [], refresh: async () => ({ rooms: [], warnings: [] }) },
    credentials: {
      token: BOT_TOKEN,
      applicationId: standIn.applicationId,
      guildId: GUILD_ID,
      apiUrl: standIn.apiUrl,
    },
    log: () => {},
  });
  cleanups.push(() => adapter.stop());
  return { standIn, adapter };
}

const messagesIn = (standIn: DiscordStandIn, channelId: string) =>
  [...standIn.messages.values()].filter((message) => message.channel_id === channelId);

const postsTo = (standIn: DiscordStandIn, channelId: string) =>
  standIn.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`,
  );

describe('the Discord alert sink and the idempotency key', () => {
  it('the same key twice: two requests with one nonce and enforce_nonce, one message', async () => {
    const { standIn, adapter } = await sinkAgainstStandIn();
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY);
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY);
    const requests = postsTo(standIn, ALERTS_CHANNEL);
    expect(requests.map((request) => request.status)).toEqual([200, 200]);
    const bodies = requests.map((request) => request.body as { nonce?: unknown; enforce_nonce?: unknown });
    expect(bodies[0]?.enforce_nonce).toBe(true);
    expect(typeof bodies[0]?.nonce).toBe('string');
    expect(String(bodies[0]?.nonce)).toHaveLength(25);
    expect(bodies[1]?.nonce).toBe(bodies[0]?.nonce);
    expect(messagesIn(standIn, ALERTS_CHANNEL)).toHaveLength(1);
  });

  it('another key, another channel, or no key: a message each', async () => {
    const { standIn, adapter } = await sinkAgainstStandIn();
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY);
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY.replace('|alert|', '|recovery|'));
    await adapter.alertSink.post(OPS_CHANNEL, ALERT, KEY);
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT);
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT);
    expect(messagesIn(standIn, ALERTS_CHANNEL)).toHaveLength(4);
    expect(messagesIn(standIn, OPS_CHANNEL)).toHaveLength(1);
    // Without a key, no nonce is asked to be enforced.
    expect(postsTo(standIn, ALERTS_CHANNEL).at(-1)?.body).not.toHaveProperty('enforce_nonce', true);
  });

  it('the same key once the nonce window has passed: Discord makes a second message', async () => {
    const { standIn, adapter } = await sinkAgainstStandIn();
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY);
    standIn.advanceClock(NONCE_WINDOW_MS + 1);
    await adapter.alertSink.post(ALERTS_CHANNEL, ALERT, KEY);
    expect(messagesIn(standIn, ALERTS_CHANNEL)).toHaveLength(2);
  });
});

describe('a takeover with a post sent and not yet marked', () => {
  const { startEngineOn, newStatusFiles, openStore } = useEngines();
  const newFolder = useTempFolders();

  it('the next leader sends it again, and Discord keeps one message', async () => {
    const { standIn, adapter } = await sinkAgainstStandIn();
    const discordBusy = rule({
      name: 'lobby-busy',
      condition: { kind: 'roomUsers', threshold: 50 },
      channels: { discord: ALERTS_CHANNEL },
    });
    const stateDir = join(await newFolder(), 'state');
    const files = await newStatusFiles();
    // The first leader's post reaches Discord, and the leader dies before it can mark it sent.
    let sent = 0;
    const diesAfterSending: AlertSink = {
      platform: 'discord',
      async post(channelId, reply, key) {
        await adapter.alertSink.post(channelId, reply, key);
        sent += 1;
        return new Promise<void>(() => {});
      },
    };
    const first = await startEngineOn(files, await openStore(stateDir), {
      rules: [discordBusy],
      rooms: [LOBBY],
      postInto: diesAfterSending,
      delivery: { stopGraceMs: 20 },
    });
    await files.room(1, 60);
    await waitFor('the alert sent', () => sent === 1);
    await first.engine.stop();

    const second = await startEngineOn(files, await openStore(stateDir), {
      rules: [discordBusy],
      rooms: [LOBBY],
      postInto: adapter.alertSink,
    });
    await second.observedRoom(1, 60);
    expect(second.log).toContain(
      'alerts: 1 post written to the outbox and not marked sent: sending it first',
    );
    expect(second.log).toContain(`alerts: sent to discord ${ALERTS_CHANNEL}: lobby-busy alert for Lobby (1)`);
    const requests = postsTo(standIn, ALERTS_CHANNEL);
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((request) => (request.body as { nonce?: string }).nonce)).size).toBe(1);
    expect(messagesIn(standIn, ALERTS_CHANNEL).map((message) => textOf(message).split('\n')[0])).toEqual([
      'Lobby (1) has 60 users (threshold 50)',
    ]);
  });
});

describe('the stand-in refuses what Discord refuses of a nonce', () => {
  it('a nonce over 25 characters: 400, code 50035, no message', async () => {
    const { standIn } = await sinkAgainstStandIn();
    const response = await fetch(`${standIn.apiUrl}/v10/channels/${ALERTS_CHANNEL}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x', nonce: 'n'.repeat(26), enforce_nonce: true }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: number }).code).toBe(50035);
    expect(messagesIn(standIn, ALERTS_CHANNEL)).toHaveLength(0);
  });
});
