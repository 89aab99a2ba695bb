import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISCORD_CONFIG,
  type DiscordStack,
  isCallback,
  isEditOriginal,
  MEMBERS,
  startDiscordStack,
  textOf,
} from '../helpers/discord-stack.ts';
import {
  ADMIN,
  messageText,
  type SlackTestApp,
  startSlackTestApp,
  VIEWER,
} from '../helpers/slack-test-app.ts';

/**
 * `/chat full`, the README's worked example of adding an operation: one declaration and one line
 * in the catalogue, and it works in the console, on Slack and on Discord with no adapter file.
 */
const ROOMS = [
  { id: 1, name: 'Lobby', max: 10 },
  { id: 2, name: 'Music', max: 4 },
  { id: 3, name: 'Quiet', max: 20 },
  { id: 4, name: 'Tiny', max: 2 },
];
/** Lobby 9/10 (90 %), Music 4/4 (100 %), Quiet 3/20 (15 %), Tiny 1/2 (50 %). */
const PEOPLE: ReadonlyArray<[number, number]> = [
  [1, 9],
  [2, 4],
  [3, 3],
  [4, 1],
];

/** The Discord stack's bindings, and the console's and Slack's: one runtime behind all three. */
const CONFIG = `${DISCORD_CONFIG.trimEnd()}
  console: { role: admin }
  slack: { users: { U0ADMIN: admin, U0VIEW: viewer } }
`;

let discord: DiscordStack;
let slack: SlackTestApp;

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    discord = await startDiscordStack({ rooms: ROOMS, config: CONFIG, source });
    for (const [room, count] of PEOPLE)
      for (let index = 0; index < count; index += 1)
        discord.stack.emulator.state.join('default', room, `u${room}-${index}`);
    await discord.stack.emulator.statusFilesWritten();
    slack = await startSlackTestApp(discord.stack.runtime.core);
  });
  afterAll(async () => {
    await slack?.close();
    await discord?.close();
  });

  describe('/chat full: the rooms at or over a share of their capacity, fullest first', () => {
    it('console: 90 % by default, Music (100 %) before Lobby (90 %)', async () => {
      const out = await discord.stack.console(['/chat full']);
      expect(out).toContain('Rooms at or over 90 % (group default)');
      expect(out).toContain('2 of 4 rooms');
      const music = out.indexOf('2 · Music · 4/4');
      const lobby = out.indexOf('1 · Lobby · 9/10');
      expect(music).toBeGreaterThan(-1);
      expect(lobby).toBeGreaterThan(music);
      expect(out).not.toContain('Tiny');
    });

    it('Slack: a share given as a positional; a bad one is refused with the usage line', async () => {
      const half = messageText(await slack.run('full 50', ADMIN));
      expect(half).toContain('Rooms at or over 50 %');
      expect(half).toContain('4 · Tiny · 1/2');
      expect(half).not.toContain('Quiet');
      const bad = messageText(await slack.run('full 150', ADMIN));
      expect(bad).toContain('Usage: /chat full [percent]');
      // Deny by default: a role that was not granted `full` may not run it.
      expect(messageText(await slack.run('full', VIEWER))).toContain('Not allowed');
    });

    it('Discord: /chat full with the percent option', async () => {
      const handle = discord.standIn.chatInput({
        by: MEMBERS.admin,
        path: ['full'],
        options: { percent: 100 },
      });
      await discord.standIn.waitForRequest(handle, isCallback(5));
      const answer = await discord.standIn.waitForRequest(handle, isEditOriginal);
      const text = textOf(answer);
      expect(text).toContain('Rooms at or over 100 %');
      expect(text).toContain('2 · Music · 4/4');
      expect(text).not.toContain('Lobby');
    });
  });
});
