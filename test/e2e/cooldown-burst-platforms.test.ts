import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISCORD_CONFIG,
  type DiscordStack,
  isCallback,
  isEditOriginal,
  isFollowUp,
  MEMBERS,
  startDiscordStack,
  textOf,
} from '../helpers/discord-stack.ts';
import { ADMIN, messageText, type SlackTestApp, startSlackTestApp } from '../helpers/slack-test-app.ts';

/**
 * A cooldown holds against a burst that arrives through the platforms, not only through the core:
 * 20 signed slash commands sent at once to the real Bolt app, and 20 interactions dispatched at
 * once to the real discord.js client. What counts is what the chat server received. The cooldown
 * is an hour long so that a slow machine cannot let a second command in by outliving it.
 */
const BURST = 20;
const CONFIG = `${DISCORD_CONFIG.trimEnd()}
  slack: { users: { U0ADMIN: admin } }
cooldowns: { broadcast: 1h }
`;

let discord: DiscordStack;
let slack: SlackTestApp;
beforeAll(async () => {
  discord = await startDiscordStack({ config: CONFIG });
  slack = await startSlackTestApp(discord.stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await discord?.close();
});

const broadcastsReceived = () =>
  discord.stack.emulator.acceptedCommands.filter((command) => command.type === 'broadcast').length;

function tally(texts: readonly string[]): { sent: number; waited: number } {
  return {
    sent: texts.filter((text) => text.includes('Broadcast sent')).length,
    waited: texts.filter((text) => text.includes('Please wait')).length,
  };
}

describe('a cooldown holds against a burst through each platform', () => {
  it(`Slack: of ${BURST} concurrent signed /chat broadcast commands from one user, one runs`, async () => {
    const before = broadcastsReceived();
    const sent = await Promise.all(
      Array.from({ length: BURST }, (_, index) => slack.command(`broadcast slack burst ${index}`, ADMIN)),
    );
    expect(sent.map(({ ack }) => ack.status)).toEqual(Array(BURST).fill(200));
    const answers: string[] = [];
    for (const { responseUrl } of sent) {
      const [first] = await slack.api.waitForResponses(responseUrl);
      answers.push(first === undefined ? '' : messageText(first));
    }
    expect(tally(answers)).toEqual({ sent: 1, waited: BURST - 1 });
    expect(broadcastsReceived() - before).toBe(1);
  });

  it(`Discord: of ${BURST} concurrent /chat broadcast interactions from one member, one runs`, async () => {
    const before = broadcastsReceived();
    const handles = Array.from({ length: BURST }, (_, index) =>
      discord.standIn.chatInput({
        by: MEMBERS.admin,
        path: ['broadcast'],
        options: { message: `discord burst ${index}` },
      }),
    );
    const answers = await Promise.all(
      // Every interaction is deferred; the broadcast's answer goes into @original, a refusal (a
      // private reply) into an ephemeral follow-up once @original is deleted.
      handles.map(async (handle) => {
        await discord.standIn.waitForRequest(handle, isCallback(5));
        return textOf(
          await discord.standIn.waitForRequest(
            handle,
            (request) => isEditOriginal(request) || isFollowUp(request),
          ),
        );
      }),
    );
    expect(tally(answers)).toEqual({ sent: 1, waited: BURST - 1 });
    expect(broadcastsReceived() - before).toBe(1);
  });
});
