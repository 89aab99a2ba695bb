import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../e2e/harness.ts';
import { auditChainLines } from '../../helpers/audit-chain.ts';
import { FORM, postSigned, type SlackUser } from '../../helpers/slack-requests.ts';
import {
  messageText,
  promptButtons,
  SECRETS,
  SIGNING_SECRET,
  type SlackTestApp,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';

/**
 * The bot answers its own workspace only (and those bindings.slack.teams lists): a request signed
 * for this app from another workspace — an app installed in two, or another workspace of an
 * Enterprise Grid organization — is refused before anything runs, however its user id is bound.
 */

const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack:
    users: { U0ADMIN: admin, W0GRIDADM: admin }
    usergroups: { S0ADMINS: admin }
    teams: [T0EXTRA, E0PARTNER]
`;

const ADMIN: SlackUser = { userId: 'U0ADMIN', userName: 'ada' };
/** The same user id, from a workspace this bot does not serve. */
const ADMIN_ELSEWHERE: SlackUser = { ...ADMIN, teamId: 'T0EVIL' };
const GROUP_ADMIN: SlackUser = { userId: 'W0GRPMEM', userName: 'gil' };

const REFUSAL_TEXT = 'This bot does not serve this Slack workspace: nothing was run.';

interface AuditLine {
  workspace?: string;
  userId: string;
  operation: string;
  decision: string;
  error?: string;
}

let stack: Stack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startStack(CONFIG);
  slack = await startSlackTestApp(stack.runtime.core, {
    bindings: stack.config.bindings,
    usergroups: [{ id: 'S0ADMINS', handle: 'chat-admins', users: [GROUP_ADMIN.userId] }],
  });
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

const emulatorCommands = () => stack.emulator.acceptedCommands.length;
const broadcasts = () =>
  stack.emulator.acceptedCommands.filter((command) => command.type === 'broadcast').length;

async function auditLines(): Promise<AuditLine[]> {
  return (await auditChainLines(stack.runtime)).map((line) => JSON.parse(line) as AuditLine);
}

/** The audit entries matching `wanted`, once there are `count` (appends land just after the reply). */
async function auditedAtLeast(count: number, wanted: (entry: AuditLine) => boolean): Promise<AuditLine[]> {
  const deadline = performance.now() + 3000;
  for (;;) {
    const found = (await auditLines()).filter(wanted);
    if (found.length >= count || performance.now() > deadline) return found;
    await sleep(10);
  }
}

const audited = (wanted: (entry: AuditLine) => boolean) => auditedAtLeast(1, wanted);

describe('a request from another workspace is refused before anything runs', () => {
  it('a command (same user id as a bound admin): acked with a short ephemeral text, logged, audited as refused; nothing else', async () => {
    const commandsBefore = emulatorCommands();
    const broadcastsBefore = broadcasts();
    const apiCallsBefore = slack.api.calls.length;
    const { ack, responseUrl } = await slack.command('broadcast from elsewhere', ADMIN_ELSEWHERE);
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toEqual({ response_type: 'ephemeral', text: REFUSAL_TEXT });

    const [entry, ...more] = await audited((line) => line.workspace === 'T0EVIL');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ userId: 'U0ADMIN', operation: 'unknown', decision: 'refused' });
    expect(entry?.error).toBe("team T0EVIL is neither the bot's own workspace nor in bindings.slack.teams");
    expect(slack.logs).toContain(
      "Slack: refused a /chat command from U0ADMIN: team T0EVIL is neither the bot's own workspace nor in bindings.slack.teams. This bot serves team T1, and T0EXTRA, E0PARTNER (bindings.slack.teams); to serve that workspace too, list its id in bindings.slack.teams.",
    );

    expect(emulatorCommands()).toBe(commandsBefore);
    expect(slack.api.calls.length).toBe(apiCallsBefore);

    // A command from the bot's own workspace after it is answered; by then the refused one has
    // had every chance to reach the chat server, the Web API or its response_url, and has not.
    expect(messageText(await slack.run('status', ADMIN))).toContain('Chat server status');
    expect(slack.api.responsesAt(responseUrl)).toEqual([]);
    expect(broadcasts()).toBe(broadcastsBefore);
    expect(await audited((line) => line.workspace === 'T0EVIL')).toHaveLength(1);
  });

  it('a group member from another workspace: refused without any group being read', async () => {
    const callsBefore = slack.api.calls.length;
    const { ack } = await slack.command('status', { ...GROUP_ADMIN, teamId: 'T0EVIL' });
    expect(JSON.parse(ack.text)).toMatchObject({ text: REFUSAL_TEXT });
    expect(
      await audited((line) => line.userId === GROUP_ADMIN.userId && line.decision === 'refused'),
    ).toHaveLength(1);
    expect(slack.api.calls.length).toBe(callsBefore);
  });

  it('a click (Confirm on a real prompt) from another workspace: acked, refused, and the prompt still works for its owner', async () => {
    const added = await slack.run('room add Doomed', ADMIN);
    const roomId = Number(/Room added: Doomed \((\d+)\)/.exec(messageText(added))?.[1]);
    const prompt = await slack.run(`room delete ${roomId}`, ADMIN);
    const { confirm } = promptButtons(prompt);
    if (!confirm?.action_id) throw new Error(`no Confirm button: ${messageText(prompt)}`);

    const refused = await slack.click(confirm.action_id, { ...ADMIN, teamId: 'T0EVIL' });
    expect(refused.ack).toMatchObject({ status: 200, text: '' });
    // The first command above left one refused entry for U0ADMIN in T0EVIL; the click makes it two.
    expect(
      await auditedAtLeast(
        2,
        (line) => line.workspace === 'T0EVIL' && line.userId === ADMIN.userId && line.decision === 'refused',
      ),
    ).toHaveLength(2);
    expect(slack.logs).toContain(
      "Slack: refused a block_actions request from U0ADMIN: team T0EVIL is neither the bot's own workspace nor in bindings.slack.teams. This bot serves team T1, and T0EXTRA, E0PARTNER (bindings.slack.teams); to serve that workspace too, list its id in bindings.slack.teams.",
    );
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();

    // The owner's own click, from the bot's workspace, is the one that counts.
    const owner = await slack.click(confirm.action_id, ADMIN);
    const answers = await slack.api.waitForResponses(owner.responseUrl, 2);
    expect(answers.map((answer) => messageText(answer)).join('\n')).not.toContain('already answered');
    expect(stack.emulator.state.room('default', roomId)).toBeUndefined();
    expect(slack.api.responsesAt(refused.responseUrl)).toEqual([]);
  });

  it('a click whose user is from another workspace (team.id ours, user.team_id not): refused', async () => {
    const before = slack.logs.length;
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: 'U0ADMIN', username: 'ada', team_id: 'T0EVIL' },
        team: { id: 'T1' },
        channel: { id: 'C0OPS' },
        trigger_id: '1.2.mixed',
        response_url: slack.api.responseUrl(),
        actions: [{ action_id: 'fc:confirm:x', type: 'button' }],
      }),
    }).toString();
    const mixed = await postSigned(slack.url, body, FORM, { secret: SIGNING_SECRET });
    expect(mixed.status).toBe(200);
    expect(slack.logs.slice(before).some((line) => line.includes('team T1 and T0EVIL is neither'))).toBe(
      true,
    );
  });

  it('an event from another workspace: refused, logged, and it changes nothing (the group is not read again)', async () => {
    expect(messageText(await slack.run('status', GROUP_ADMIN))).toContain('Chat server status');
    expect(
      (await slack.event({ type: 'subteam_members_changed', subteam_id: 'S0ADMINS' }, { teamId: 'T0EVIL' }))
        .status,
    ).toBe(200);
    expect(slack.logs).toContain(
      "Slack: refused a subteam_members_changed event: team T0EVIL is neither the bot's own workspace nor in bindings.slack.teams. This bot serves team T1, and T0EXTRA, E0PARTNER (bindings.slack.teams); to serve that workspace too, list its id in bindings.slack.teams.",
    );
    const reads = () => slack.api.callsTo('usergroups.users.list').length;
    const before = reads();
    await slack.run('status', GROUP_ADMIN);
    expect(reads()).toBe(before);
    // The same event from the bot's own workspace does make the group be read again.
    await slack.event({ type: 'subteam_members_changed', subteam_id: 'S0ADMINS' });
    await slack.run('status', GROUP_ADMIN);
    expect(reads()).toBe(before + 1);
  });
});

describe('what is served', () => {
  it('a workspace listed in bindings.slack.teams', async () => {
    const before = broadcasts();
    const answer = await slack.run('broadcast from the extra team', { ...ADMIN, teamId: 'T0EXTRA' });
    expect(messageText(answer)).toContain('Broadcast sent');
    expect(broadcasts()).toBe(before + 1);
    expect(await audited((line) => line.workspace === 'T0EXTRA' && line.decision === 'allowed')).toHaveLength(
      1,
    );
  });

  it('any workspace of an organization listed in bindings.slack.teams', async () => {
    const answer = await slack.run('status', { ...ADMIN, teamId: 'T0PARTNERWS', enterpriseId: 'E0PARTNER' });
    expect(messageText(answer)).toContain('Chat server status');
  });

  it('an Enterprise Grid user id (W…) bound by id, and one in a bound group', async () => {
    const before = broadcasts();
    expect(messageText(await slack.run('broadcast from the grid', { userId: 'W0GRIDADM' }))).toContain(
      'Broadcast sent',
    );
    expect(messageText(await slack.run('broadcast from a grid group member', GROUP_ADMIN))).toContain(
      'Broadcast sent',
    );
    expect(broadcasts()).toBe(before + 2);
  });

  it('the start-up log says what is served; no secret anywhere in the log', () => {
    expect(slack.logs).toContain(
      'Slack: serving team T1, and T0EXTRA, E0PARTNER (bindings.slack.teams); requests from any other workspace are refused.',
    );
    for (const line of slack.logs) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});

describe('Enterprise Grid: the bot installed in one workspace of an organization', () => {
  let grid: SlackTestApp;
  beforeAll(async () => {
    grid = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      workspace: { teamId: 'T1', enterpriseId: 'E0OWN', isEnterpriseInstall: false },
    });
  });
  afterAll(async () => grid?.close());

  it('its own workspace is served; a sister workspace of the same organization is not', async () => {
    expect(messageText(await grid.run('status', { ...ADMIN, enterpriseId: 'E0OWN' }))).toContain(
      'Chat server status',
    );
    const { ack } = await grid.command('status', { ...ADMIN, teamId: 'T0SISTER', enterpriseId: 'E0OWN' });
    expect(JSON.parse(ack.text)).toMatchObject({ text: REFUSAL_TEXT });
  });
});

describe('Enterprise Grid: an org-wide install', () => {
  let orgWide: SlackTestApp;
  beforeAll(async () => {
    orgWide = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      workspace: { enterpriseId: 'E0OWN', isEnterpriseInstall: true },
    });
  });
  afterAll(async () => orgWide?.close());

  it('every workspace of the own organization is served; another organization is not', async () => {
    expect(orgWide.logs).toContain(
      'Slack: serving organization E0OWN (an org-wide install), and T0EXTRA, E0PARTNER (bindings.slack.teams); requests from any other workspace are refused.',
    );
    expect(
      messageText(await orgWide.run('status', { ...ADMIN, teamId: 'T0ANYWS', enterpriseId: 'E0OWN' })),
    ).toContain('Chat server status');
    const { ack } = await orgWide.command('status', { ...ADMIN, teamId: 'T0ANYWS', enterpriseId: 'E0OTHER' });
    expect(JSON.parse(ack.text)).toMatchObject({ text: REFUSAL_TEXT });
  });
});
