import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonsOf,
  type DiscordStack,
  EPHEMERAL,
  embedsOf,
  flagsOf,
  GUILD_ID,
  isCallback,
  isEditOriginal,
  isFollowUp,
  MEMBERS,
  OPS_CHANNEL,
  OTHER_GUILD_ID,
  startDiscordStack,
  textOf,
  tokenLeaks,
} from '../../helpers/discord-stack.ts';

const CONFIRM_TIMEOUT_MS = 400;

let discord: DiscordStack;
beforeAll(async () => {
  discord = await startDiscordStack({
    rooms: [
      { id: 1, name: 'Lobby', max: 100 },
      { id: 9, name: 'Attic', max: 2 },
    ],
    confirmTimeoutMs: CONFIRM_TIMEOUT_MS,
  });
});
afterAll(async () => discord?.close());

const accepted = () => discord.stack.emulator.acceptedCommands.length;

describe('who may run what, and where', () => {
  it('the identity: user id, display name, role ids and role names from the guild, guild and channel', async () => {
    const handle = discord.standIn.chatInput({ by: MEMBERS.chatAdmin, path: ['status'] });
    await discord.standIn.waitForRequest(handle, isEditOriginal);
    expect(discord.coreCalls.at(-1)?.meta).toEqual({
      identity: {
        platform: 'discord',
        userId: '301',
        userName: 'Cat',
        groupIds: ['333'],
        groupNames: ['Chat Admins'],
        workspace: GUILD_ID,
      },
      channel: OPS_CHANNEL,
    });
  });

  it('a member whose roles are not bound is denied, ephemerally, and nothing reaches the server', async () => {
    const before = accepted();
    const readOnly = discord.standIn.chatInput({ by: MEMBERS.stranger, path: ['status'] });
    const deferral = await discord.standIn.waitForRequest(readOnly, isCallback(5));
    expect(flagsOf(deferral)).toBe(EPHEMERAL);
    const denial = await discord.standIn.waitForRequest(readOnly, isEditOriginal);
    expect(embedsOf(denial)[0]?.title).toBe('Not allowed');
    expect(textOf(denial)).toContain('You have no role here');

    const changing = discord.standIn.chatInput({
      by: MEMBERS.stranger,
      path: ['broadcast'],
      options: { message: 'hi' },
    });
    const followUp = await discord.standIn.waitForRequest(changing, isFollowUp);
    const methods = discord.standIn.requestsFor(changing).map((request) => request.method);
    expect(methods).toEqual(['POST', 'DELETE', 'POST']);
    expect(flagsOf(followUp)).toBe(EPHEMERAL);
    expect(textOf(followUp)).toContain('You may not run "broadcast"');
    expect(accepted()).toBe(before);
  });

  it('a direct message is refused at once, without reaching the core', async () => {
    const calls = discord.coreCalls.length;
    const handle = discord.standIn.chatInput({ by: MEMBERS.admin, dm: true, path: ['status'] });
    const refusal = await discord.standIn.waitForRequest(handle, isCallback(4));
    expect(flagsOf(refusal)).toBe(EPHEMERAL);
    expect(textOf(refusal)).toContain('not in direct messages');
    expect(discord.standIn.requestsFor(handle)).toHaveLength(1);
    expect(discord.coreCalls.length).toBe(calls);
  });

  it('another server than DISCORD_GUILD_ID is refused, and gets no room names', async () => {
    const calls = discord.coreCalls.length;
    const handle = discord.standIn.chatInput({
      by: MEMBERS.admin,
      guildId: OTHER_GUILD_ID,
      path: ['status'],
    });
    const refusal = await discord.standIn.waitForRequest(handle, isCallback(4));
    expect(flagsOf(refusal)).toBe(EPHEMERAL);
    expect(textOf(refusal)).toContain('not set up for this server');

    const typing = discord.standIn.autocomplete({
      by: MEMBERS.admin,
      guildId: OTHER_GUILD_ID,
      path: ['who'],
      focused: 'room',
      options: { room: '' },
    });
    const answer = await discord.standIn.waitForRequest(typing, isCallback(8));
    expect(answer.body).toEqual({ type: 8, data: { choices: [] } });
    expect(discord.coreCalls.length).toBe(calls);
  });

  it('a confirmation clicked too late is refused on the prompt, and changes nothing', async () => {
    const handle = discord.standIn.chatInput({
      by: MEMBERS.admin,
      path: ['room', 'delete'],
      options: { room: 'Attic' },
    });
    const prompt = await discord.standIn.waitForRequest(handle, isEditOriginal);
    await sleep(CONFIRM_TIMEOUT_MS + 50);
    const confirm = buttonsOf(prompt).find((button) => button.label === 'Confirm');
    const message = discord.standIn.originalOf(handle);
    if (confirm === undefined || message === undefined) throw new Error('no prompt');
    const clicked = discord.standIn.click({ by: MEMBERS.admin, message, customId: confirm.custom_id });
    const answer = await discord.standIn.waitForRequest(clicked, isEditOriginal);
    expect(textOf(answer)).toContain('This confirmation expired after 400 ms. Run the command again.');
    expect(buttonsOf(answer)).toEqual([]);
    expect(discord.stack.emulator.state.room('default', 9)).toBeDefined();
  });

  it('the bot token is nowhere but in IDENTIFY and the Authorization header of bot routes', async () => {
    expect(discord.standIn.framesReceived.find((frame) => frame.op === 2)?.d).toMatchObject({ intents: 1 });
    expect(discord.standIn.requests.some((request) => request.authorization?.startsWith('Bot '))).toBe(true);
    expect(await tokenLeaks(discord)).toEqual([]);
    expect(discord.standIn.unhandled).toEqual([]);
  });
});
