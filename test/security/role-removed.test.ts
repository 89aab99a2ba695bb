import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonsOf as discordButtons,
  GUILD_ID,
  isCallback,
  isEditOriginal,
  MEMBERS,
  textOf,
} from '../helpers/discord-stack.ts';
import type { SlackUser } from '../helpers/slack-requests.ts';
import { messageText, promptButtons } from '../helpers/slack-test-app.ts';
import { guardProcess } from '../stress/process-guard.ts';
import { ALL_SECRETS, type StressStack, startStressStack } from '../stress/stack.ts';
import { scanForSecrets } from './secret-scan.ts';

/**
 * A user whose role is taken away between the command and its confirmation: the core checks the
 * permission again when the answer comes, with the identity the platform gives at that moment.
 * On Slack the role comes from a user group (the membership is read again once Slack announces
 * subteam_members_changed); on Discord from a server role (each click carries the member's roles).
 * Each refusal is preceded by the same flow with the role kept, which does delete the room: the
 * refusal is the role's doing, not the flow's.
 */

const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { usergroups: { S0ADMINS: admin } }
  discord: { roles: { "Chat Admins": admin }, guilds: ["${GUILD_ID}"] }
`;

const ROOMS = [
  { id: 11, name: 'Kept by Slack' },
  { id: 12, name: 'Deleted by Slack' },
  { id: 21, name: 'Kept by Discord' },
  { id: 22, name: 'Deleted by Discord' },
];

const GROUP_ADMIN: SlackUser = { userId: 'U0GRPADM', userName: 'gina' };

const guard = guardProcess();
let stack: StressStack;
beforeAll(async () => {
  stack = await startStressStack({ config: CONFIG, rooms: ROOMS });
  const slack = await stack.startSlack();
  slack.api.usergroups = [{ id: 'S0ADMINS', handle: 'chat-admins', users: [GROUP_ADMIN.userId] }];
  await stack.startDiscord();
});
afterAll(async () => stack?.close());

const deletions = () =>
  stack.emulators.flatMap((emulator) =>
    emulator.acceptedCommands.filter((command) => command.type === 'del_room').map((c) => c.params.room_id),
  );

describe('Slack: removed from the user group between the prompt and the click', () => {
  async function askToDelete(roomId: number): Promise<string> {
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const prompt = await slack.run(`room delete ${roomId}`, GROUP_ADMIN);
    expect(messageText(prompt)).toContain('Confirm: /chat room delete');
    const { confirm } = promptButtons(prompt);
    if (!confirm?.action_id) throw new Error(`no Confirm button: ${messageText(prompt)}`);
    return confirm.action_id;
  }

  /** The answers to the click: the prompt deleted and the result posted (2), or a refusal in its place (1). */
  async function confirm(confirmActionId: string, answers: number): Promise<string> {
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const { ack, responseUrl } = await slack.click(confirmActionId, GROUP_ADMIN);
    expect(ack.status).toBe(200);
    const bodies = await slack.api.waitForResponses(responseUrl, answers);
    return bodies.map((body) => messageText(body)).join('\n');
  }

  it('still in the group: the confirmation deletes the room', async () => {
    const confirmationId = await askToDelete(12);
    expect(await confirm(confirmationId, 2)).toContain('Room deleted: Deleted by Slack (12)');
    expect(deletions()).toEqual(['12']);
  });

  it('removed, and Slack announces it: the confirmation is refused as "Not allowed" and the room stays', async () => {
    const slack = stack.slack;
    if (!slack) throw new Error('no Slack');
    const confirmationId = await askToDelete(11);
    const group = slack.api.usergroups[0];
    if (!group) throw new Error('no group');
    group.users = [];
    const event = await slack.event({
      type: 'subteam_members_changed',
      subteam_id: 'S0ADMINS',
      team_id: 'T1',
    });
    expect(event.status).toBe(200);

    const answer = await confirm(confirmationId, 1);
    expect(answer).toContain('Not allowed');
    expect(answer).toContain('You may not run "room delete"');
    expect(deletions()).toEqual(['12']);
    expect(stack.emulator.state.room('default', 11)).toBeDefined();

    const audited = (await stack.auditEntries()).filter(
      (entry) => entry.userId === GROUP_ADMIN.userId && entry.operation === 'room.delete',
    );
    expect(audited.map((entry) => `${entry.decision}/${entry.outcome}`)).toEqual([
      'confirmation_requested/not_run',
      'confirmed/ok',
      'confirmation_requested/not_run',
      'denied/not_run',
    ]);
  });
});

describe('Discord: the role taken away between the prompt and the click', () => {
  async function askToDelete(roomId: number) {
    const discord = stack.discord;
    if (!discord) throw new Error('no Discord');
    const { standIn } = discord;
    const handle = standIn.chatInput({
      by: MEMBERS.chatAdmin,
      path: ['room', 'delete'],
      options: { room: `#${roomId}` },
    });
    const prompt = await standIn.waitForRequest(handle, isEditOriginal);
    expect(textOf(prompt)).toContain('Confirm: /chat room delete');
    const message = standIn.originalOf(handle);
    const button = message && discordButtons(message).find((candidate) => candidate.label === 'Confirm');
    if (!message || !button) throw new Error('no Confirm button');
    return { message, customId: button.custom_id };
  }

  async function click(prompt: Awaited<ReturnType<typeof askToDelete>>, roles: readonly string[]) {
    const discord = stack.discord;
    if (!discord) throw new Error('no Discord');
    const { standIn } = discord;
    const clicked = standIn.click({ by: { ...MEMBERS.chatAdmin, roles }, ...prompt });
    await standIn.waitForRequest(clicked, isCallback(6));
    return textOf(await standIn.waitForRequest(clicked, isEditOriginal));
  }

  it('still holding "Chat Admins": the confirmation deletes the room', async () => {
    const prompt = await askToDelete(22);
    expect(await click(prompt, MEMBERS.chatAdmin.roles)).toBe('Room deleted: Deleted by Discord (22)');
    expect(deletions()).toEqual(['12', '22']);
  });

  it('the role removed: the click carries the member without it, and is refused as "Not allowed"', async () => {
    const prompt = await askToDelete(21);
    const answer = await click(prompt, []);
    expect(answer).toContain('Not allowed');
    expect(answer).toContain('You may not run "room delete"');
    expect(deletions()).toEqual(['12', '22']);
    expect(stack.emulator.state.room('default', 21)).toBeDefined();
  });
});

describe('afterwards', () => {
  it('the process never went down, and nothing produced holds a secret', async () => {
    expect(guard.unhandledRejections).toEqual([]);
    expect(guard.uncaughtExceptions).toEqual([]);
    expect(scanForSecrets(await stack.produced(), ALL_SECRETS)).toEqual([]);
  });
});
