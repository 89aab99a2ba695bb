import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedLimitProblems } from '../../helpers/discord-limits-check.ts';
import {
  ALERTS_CHANNEL,
  buttonsOf,
  type DiscordStack,
  EPHEMERAL,
  embedsOf,
  flagsOf,
  isCallback,
  isEditOriginal,
  MEMBERS,
  startDiscordStack,
  textOf,
  tokenLeaks,
} from '../../helpers/discord-stack.ts';

const BIG_ROOM = 5;
const ROSTER_SIZE = 10_000;
const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
  { id: BIG_ROOM, name: 'Big Hall', max: 20_000 },
  ...Array.from({ length: 40 }, (_, index) => ({ id: 100 + index, name: `Quiz ${index + 1}`, max: 10 })),
];
const rosterName = (index: number) => `user${String(index).padStart(5, '0')}`;

let discord: DiscordStack;

function typeRoom(
  typed: string,
  path: string[] = ['who'],
  by: (typeof MEMBERS)[keyof typeof MEMBERS] = MEMBERS.moderator,
) {
  const handle = discord.standIn.autocomplete({
    by,
    path,
    focused: 'room',
    options: { room: typed },
  });
  return discord.standIn
    .waitForRequest(handle, isCallback(8))
    .then(
      (request) =>
        (request.body as { data: { choices: Array<{ name: string; value: string }> } }).data.choices,
    );
}

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    discord = await startDiscordStack({ rooms: ROOMS, source });
    for (let index = 0; index < ROSTER_SIZE; index += 1)
      discord.stack.emulator.state.join('default', BIG_ROOM, rosterName(index));
    await discord.stack.emulator.statusFilesWritten();
    // start() loads the room list in the background for autocomplete.
    await discord.standIn.waitFor(() => discord.stack.runtime.rooms.cachedNames().length > 0);
  });
  afterAll(async () => discord?.close());

  describe('autocomplete for room options, from the room directory', () => {
    it('at most 25 choices, named "name (id)", valued "#id"', async () => {
      const choices = await typeRoom('');
      expect(choices).toHaveLength(25);
      expect(choices).toContainEqual({ name: 'Big Hall (5)', value: '#5' });
    });

    it('filtered by what was typed, any case, names starting with it first; ids too', async () => {
      expect(await typeRoom('mus')).toEqual([{ name: 'Music (2)', value: '#2' }]);
      expect(await typeRoom('HALL')).toEqual([{ name: 'Big Hall (5)', value: '#5' }]);
      const quiz = await typeRoom('quiz 1');
      expect(quiz.map((choice) => choice.name).slice(0, 3)).toEqual([
        'Quiz 1 (100)',
        'Quiz 10 (109)',
        'Quiz 11 (110)',
      ]);
      expect(quiz.length).toBeLessThanOrEqual(25);
      expect((await typeRoom('#13')).map((choice) => choice.value)).toEqual([
        '#130',
        '#131',
        '#132',
        '#133',
        '#134',
        '#135',
        '#136',
        '#137',
        '#138',
        '#139',
      ]);
    });

    it('for the room option of every operation that has one', async () => {
      expect(await typeRoom('lob', ['room', 'edit'])).toEqual([{ name: 'Lobby (1)', value: '#1' }]);
      expect(await typeRoom('lob', ['room', 'delete'], MEMBERS.admin)).toEqual([
        { name: 'Lobby (1)', value: '#1' },
      ]);
    });

    it('only for members who may run the operation: no room names for the others', async () => {
      expect(await typeRoom('lob', ['room', 'delete'])).toEqual([]);
      expect(await typeRoom('lob', ['who'], MEMBERS.stranger)).toEqual([]);
    });
  });

  describe('a 10,000-user roster', () => {
    it('renders within the embed limits, paged with buttons, the whole list attached as a text file', async () => {
      const handle = discord.standIn.chatInput({
        by: MEMBERS.moderator,
        path: ['who'],
        options: { room: '#5' },
      });
      const answer = await discord.standIn.waitForRequest(handle, isEditOriginal);
      const embeds = embedsOf(answer);
      expect(embedLimitProblems(embeds)).toEqual([]);
      expect(embeds[0]?.title).toBe('Who is in Big Hall (5)');
      expect(embeds[0]?.fields).toEqual([{ name: 'Users', value: `${ROSTER_SIZE}/20000`, inline: true }]);
      expect(embeds[1]?.description?.split('\n')).toEqual(
        Array.from({ length: 50 }, (_, index) => rosterName(index)),
      );
      expect(embeds[1]?.footer?.text).toBe(`Page 1 of 200 · ${ROSTER_SIZE} items`);

      expect(answer.files).toHaveLength(1);
      expect(answer.files[0]?.name).toBe('room-5-users.txt');
      expect(answer.files[0]?.content.trimEnd().split('\n')).toHaveLength(ROSTER_SIZE);
      expect(discord.standIn.originalOf(handle)?.attachments.map((file) => file.filename)).toEqual([
        'room-5-users.txt',
      ]);

      const buttons = buttonsOf(answer);
      expect(buttons.map((button) => [button.label, button.disabled ?? false])).toEqual([
        ['Previous', true],
        ['1 / 200', true],
        ['Next', false],
      ]);

      const message = discord.standIn.originalOf(handle);
      const next = buttons[2];
      if (message === undefined || next === undefined) throw new Error('no message');
      const turned = discord.standIn.click({ by: MEMBERS.moderator, message, customId: next.custom_id });
      const update = await discord.standIn.waitForRequest(turned, isCallback(7));
      const page2 = embedsOf(update);
      expect(embedLimitProblems(page2)).toEqual([]);
      expect(page2[1]?.description?.split('\n')[0]).toBe(rosterName(50));
      expect(page2[1]?.footer?.text).toBe(`Page 2 of 200 · ${ROSTER_SIZE} items`);
      expect(buttonsOf(update).map((button) => button.label)).toEqual(['Previous', '2 / 200', 'Next']);
      expect(update.files).toEqual([]);
      // The attachment stays on the message while its pages turn.
      expect(discord.standIn.originalOf(handle)?.attachments).toHaveLength(1);
    });

    it('a page of a list no longer kept is answered privately, not by changing the message', async () => {
      const message = [...discord.standIn.messages.values()].at(-1);
      if (message === undefined) throw new Error('no message');
      const stale = discord.standIn.click({ by: MEMBERS.moderator, message, customId: 'fc:page:gone:3' });
      const answer = await discord.standIn.waitForRequest(stale, isCallback(4));
      expect(flagsOf(answer)).toBe(EPHEMERAL);
      expect(textOf(answer)).toContain('This list is no longer kept');
    });
  });

  describe('the alert sink', () => {
    it('posts the reply as embeds to the channel', async () => {
      expect(discord.adapter.alertSink.platform).toBe('discord');
      await discord.adapter.alertSink.post(ALERTS_CHANNEL, {
        title: 'Lobby is nearly full',
        text: '95 of 100 places taken',
        fields: [{ label: 'Room', value: 'Lobby (1)' }],
        severity: 'warning',
        visibility: 'channel',
      });
      const post = discord.standIn.requests.findLast(
        (request) => request.path === `/channels/${ALERTS_CHANNEL}/messages`,
      );
      expect(post?.method).toBe('POST');
      expect(post?.authorization?.startsWith('Bot ')).toBe(true);
      expect(post && embedsOf(post)).toEqual([
        {
          title: 'Lobby is nearly full',
          description: '95 of 100 places taken',
          color: 0xfee75c,
          fields: [{ name: 'Room', value: 'Lobby (1)', inline: true }],
        },
      ]);
      expect(post?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    });

    it('rejects when the channel cannot be posted to, so the alert queue can retry', async () => {
      await expect(
        discord.adapter.alertSink.post('424242', { title: 'x', severity: 'info', visibility: 'channel' }),
      ).rejects.toThrow(/Unknown Channel/);
    });

    it('leaks no token', async () => {
      expect(await tokenLeaks(discord)).toEqual([]);
    });
  });
});
