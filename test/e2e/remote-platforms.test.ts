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
 * A bot away from the chat server: the Data API is its only source of status (the emulator's
 * status files are on a folder it is not given), and moderators use it through the real Bolt
 * app and the real discord.js client.
 */
const ROOMS = [
  { id: 1, name: 'Lobby', max: 10 },
  { id: 2, name: 'Help Desk', max: 4 },
];
const CONFIG = `${DISCORD_CONFIG.trimEnd()}
  slack: { users: { U0ADMIN: admin } }
`;

let discord: DiscordStack;
let slack: SlackTestApp;
beforeAll(async () => {
  discord = await startDiscordStack({ rooms: ROOMS, config: CONFIG, source: 'dataApi' });
  for (const name of ['zoe', 'Ann', 'bo']) discord.stack.emulator.state.join('default', 2, name);
  await discord.stack.emulator.statusFilesWritten();
  slack = await startSlackTestApp(discord.stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await discord?.close();
});

describe('the Data API as the only source, through Slack and Discord', () => {
  it('reads the Data API, not files', () => {
    expect(discord.stack.runtime.statusSource.kind).toBe('dataApi');
  });

  it('Slack: status, rooms, who with a name with a space, full', async () => {
    const status = messageText(await slack.run('status', ADMIN));
    expect(status).toMatch(/Logged in\D+3/);
    const rooms = messageText(await slack.run('rooms', ADMIN));
    expect(rooms).toContain('2 · Help Desk · 3/4');
    const who = messageText(await slack.run('who Help Desk', ADMIN));
    expect(who.indexOf('Ann')).toBeLessThan(who.indexOf('bo'));
    expect(who.indexOf('bo')).toBeLessThan(who.indexOf('zoe'));
    expect(messageText(await slack.run('full 50', ADMIN))).toContain('2 · Help Desk · 3/4');
  });

  it('Discord: who, by the room autocomplete has from the Data API', async () => {
    const handle = discord.standIn.chatInput({ by: MEMBERS.admin, path: ['who'], options: { room: '2' } });
    await discord.standIn.waitForRequest(handle, isCallback(5));
    const answer = await discord.standIn.waitForRequest(
      handle,
      (request) => isEditOriginal(request) || isFollowUp(request),
    );
    const text = textOf(answer);
    expect(text).toContain('Help Desk');
    expect(text).toContain('zoe');
  });
});
