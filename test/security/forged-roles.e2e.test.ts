import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscordStack,
  embedsOf,
  GUILD_ID,
  isCallback,
  isEditOriginal,
  isFollowUp,
  MEMBERS,
  OTHER_GUILD_ID,
  startDiscordStack,
  textOf,
} from '../helpers/discord-stack.ts';

/**
 * A member who may create roles tries to make himself a moderator or an admin, through the real
 * discord.js client. `/chat` is registered globally (no DISCORD_GUILD_ID), so only the bindings'
 * own `guilds` keep other servers out.
 */
let discord: DiscordStack;
beforeAll(async () => {
  discord = await startDiscordStack({ rooms: [{ id: 1, name: 'Lobby', max: 100 }], global: true });
});
afterAll(async () => discord?.close());

const accepted = () => discord.stack.emulator.acceptedCommands.length;

async function broadcastAs(by: (typeof MEMBERS)[keyof typeof MEMBERS], guildId = GUILD_ID) {
  const handle = discord.standIn.chatInput({ by, guildId, path: ['broadcast'], options: { message: 'hi' } });
  return {
    handle,
    answer: await discord.standIn.waitForRequest(
      handle,
      (r) => isFollowUp(r) || isEditOriginal(r) || isCallback(4)(r),
    ),
  };
}

describe('roles cannot be forged', () => {
  it('a member whose only role is named after the bound role id 222 is denied, and nothing reaches the server', async () => {
    const before = accepted();
    const { answer } = await broadcastAs(MEMBERS.idForger);
    expect(embedsOf(answer)[0]?.title).toBe('Not allowed');
    expect(textOf(answer)).toContain('You have no role here');
    expect(accepted()).toBe(before);
    expect(discord.coreCalls.at(-1)?.meta.identity).toMatchObject({ groupIds: ['666'], groupNames: ['222'] });
  });

  it('a role named like the bound name in another case gives nothing: names match exactly', async () => {
    const before = accepted();
    const { answer } = await broadcastAs(MEMBERS.caseForger);
    expect(embedsOf(answer)[0]?.title).toBe('Not allowed');
    expect(accepted()).toBe(before);
  });

  it('the real role of that id, and the exact bound name, still work', async () => {
    const before = accepted();
    const moderator = await broadcastAs(MEMBERS.moderator);
    expect(embedsOf(moderator.answer)[0]?.title).toBe('Broadcast sent');
    const chatAdmin = await broadcastAs(MEMBERS.chatAdmin);
    expect(embedsOf(chatAdmin.answer)[0]?.title).toBe('Broadcast sent');
    expect(accepted()).toBe(before + 2);
  });

  it('an interaction from a server not in bindings.discord.guilds is refused before the core, and audited', async () => {
    const calls = discord.coreCalls.length;
    const before = accepted();
    // The admin is bound by user id and holds a role named "Chat Admins" there too.
    const handle = discord.standIn.chatInput({
      by: MEMBERS.admin,
      guildId: OTHER_GUILD_ID,
      path: ['broadcast'],
      options: { message: 'hi' },
    });
    const refusal = await discord.standIn.waitForRequest(handle, isCallback(4));
    expect(textOf(refusal)).toContain('not set up for this server');
    expect(discord.standIn.requestsFor(handle)).toHaveLength(1);
    expect(discord.coreCalls.length).toBe(calls);
    expect(accepted()).toBe(before);
    await discord.stack.runtime.core.settled();
    const entry = (await discord.stack.runtime.audit.tail(1))[0];
    expect(entry).toMatchObject({
      platform: 'discord',
      workspace: OTHER_GUILD_ID,
      userId: MEMBERS.admin.id,
      decision: 'refused',
      outcome: 'not_run',
    });
    expect(entry?.error).toContain('bindings.discord.guilds');
  });

  it('the start-up log says which role each name binding resolves to in each allowed server', () => {
    expect(discord.logs).toContain(
      `discord: role name binding "Chat Admins" is role 333 in server ${GUILD_ID} ("Chat Ops"); bind it by id ("333") so that a new or renamed role cannot take it over.`,
    );
    // The other server is not allowed: its "Chat Admins" (555) is not reported as the binding's role.
    expect(discord.logs.join('\n')).not.toContain('555');
  });
});
