import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../e2e/harness.ts';
import type { SlackUser } from '../../helpers/slack-requests.ts';
import { messageText, type SlackTestApp, startSlackTestApp } from '../../helpers/slack-test-app.ts';
import type { StandInUsergroup } from '../../helpers/slack-web-api-stand-in.ts';

/**
 * What an attacker who may edit user groups could try against user-group bindings, and what a
 * big workspace costs: only the bound groups are ever read, and an `@handle` binding stays with
 * the group it named at start.
 */

const CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm] }
bindings:
  slack:
    usergroups: { S0MODS: moderator, "@Viewers": viewer }
`;

const MOD: SlackUser = { userId: 'U0MOD', userName: 'mo' };
const VIEWER: SlackUser = { userId: 'U0VIEWER', userName: 'vi' };
/** Edits user groups: frees the handle and gives it to a group of his own. */
const TAKER: SlackUser = { userId: 'U0TAKER', userName: 'tak' };

const boundGroups = (): StandInUsergroup[] => [
  { id: 'S0MODS', handle: 'chat-mods', users: [MOD.userId] },
  { id: 'S0VIEW', handle: 'viewers', users: [VIEWER.userId] },
];

const updated = (groupId: string) => ({ type: 'subteam_updated', subteam: { id: groupId, team_id: 'T1' } });
const membersChanged = (groupId: string) => ({ type: 'subteam_members_changed', subteam_id: groupId });

const DROPPED_SENTENCE =
  'The binding @Viewers gives no role any more: that handle now names another Slack user group than when the bot started, so an admin must bind the group by its id.';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(CONFIG);
});
afterAll(async () => stack?.close());

function group(app: SlackTestApp, id: string): StandInUsergroup {
  const found = app.api.usergroups.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no group ${id}`);
  return found;
}

describe('only bound user groups are read (a workspace of 302 groups)', () => {
  let big: SlackTestApp;
  beforeAll(async () => {
    const others = Array.from({ length: 300 }, (_, index) => ({
      id: `S1G${String(index).padStart(3, '0')}`,
      handle: `team-${index}`,
      // The users are in many unbound groups too: that must cost nothing.
      users: [MOD.userId, VIEWER.userId, `U1${index}`],
    }));
    big = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      usergroups: [...others, ...boundGroups()],
    });
  });
  afterAll(async () => big?.close());

  /** The user-group calls `work` makes, as "method group". */
  async function groupCallsOf(work: () => Promise<unknown>): Promise<string[]> {
    const from = big.api.calls.length;
    await work();
    return big.api.calls
      .slice(from)
      .filter((call) => call.method.startsWith('usergroups.'))
      .map((call) => `${call.method}${call.params.usergroup ? ` ${String(call.params.usergroup)}` : ''}`)
      .sort();
  }

  it('at start: one usergroups.list (to pin the handle), no member read', () => {
    expect(big.api.calls.map((call) => call.method)).toEqual(['auth.test', 'auth.test', 'usergroups.list']);
  });

  it('a command reads the two bound groups, whatever the workspace holds; the next reads nothing', async () => {
    expect(await groupCallsOf(() => big.run('broadcast hi', MOD))).toEqual([
      'usergroups.users.list S0MODS',
      'usergroups.users.list S0VIEW',
    ]);
    expect(await groupCallsOf(() => big.run('status', VIEWER))).toEqual([]);
    expect(messageText(await big.run('status', VIEWER))).not.toContain('Not allowed');
  });

  it('a change to an unbound group costs one list read (subteam_updated) or nothing (members changed)', async () => {
    await big.event(updated('S1G150'));
    expect(await groupCallsOf(() => big.run('status', MOD))).toEqual(['usergroups.list']);
    await big.event(membersChanged('S1G150'));
    expect(await groupCallsOf(() => big.run('status', MOD))).toEqual([]);
    await big.event(membersChanged('S0MODS'));
    expect(await groupCallsOf(() => big.run('status', MOD))).toEqual(['usergroups.users.list S0MODS']);
  });

  it('an event that cannot be read (everything is read again) still reads only the bound groups', async () => {
    await big.event({ type: 'subteam_updated', subteam: {} });
    expect(await groupCallsOf(() => big.run('status', MOD))).toEqual([
      'usergroups.list',
      'usergroups.users.list S0MODS',
      'usergroups.users.list S0VIEW',
    ]);
    const read = new Set(big.api.callsTo('usergroups.users.list').map((call) => call.params.usergroup));
    expect([...read].sort()).toEqual(['S0MODS', 'S0VIEW']);
  });
});

describe('an @handle binding is pinned to the group it named at start', () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      usergroups: boundGroups(),
    });
  });
  afterAll(async () => slack?.close());

  it('another group taking the handle (subteam_updated of that group): the binding is dropped, the log and the denial say why', async () => {
    expect(messageText(await slack.run('status', VIEWER))).not.toContain('Not allowed');
    expect(slack.logs).toContain(
      'Slack: user-group binding "@Viewers" is user group S0VIEW; bind it by id ("S0VIEW") so that a renamed or new group cannot take its place.',
    );

    // The handle is freed, and a new group takes it (Slack ignores case: "VIEWERS" is the same handle).
    group(slack, 'S0VIEW').handle = 'old-viewers';
    slack.api.usergroups.push({ id: 'S0TAKEN', handle: 'VIEWERS', users: [TAKER.userId] });
    await slack.event(updated('S0TAKEN'));

    const takerDenial = messageText(await slack.run('status', TAKER));
    expect(takerDenial).toContain('Not allowed');
    expect(takerDenial).toContain(DROPPED_SENTENCE);
    const viewerDenial = messageText(await slack.run('status', VIEWER));
    expect(viewerDenial).toContain('Not allowed');
    expect(viewerDenial).toContain(DROPPED_SENTENCE);
    expect(slack.logs).toContain(
      'Slack: user-group binding "@Viewers" is dropped: it named user group S0VIEW at start and now names S0TAKEN. Bind the group by id in chatops.yml (bindings.slack.usergroups, "S0VIEW" or "S0TAKEN", whichever is meant) and restart.',
    );
    // The taker's group was never even read.
    const read = slack.api.callsTo('usergroups.users.list').map((call) => call.params.usergroup);
    expect(read).not.toContain('S0TAKEN');
    // The id binding is untouched.
    expect(messageText(await slack.run('broadcast still a moderator', MOD))).not.toContain('Not allowed');
  });

  it('dropped until restart: the handle back on the pinned group (subteam_updated of that group) does not restore it', async () => {
    group(slack, 'S0TAKEN').handle = 'something-else';
    group(slack, 'S0VIEW').handle = 'viewers';
    await slack.event(updated('S0VIEW'));
    const denial = messageText(await slack.run('status', VIEWER));
    expect(denial).toContain('Not allowed');
    expect(denial).toContain(DROPPED_SENTENCE);
    expect(slack.logs.filter((line) => line.includes('"@Viewers" is dropped'))).toHaveLength(1);
  });
});

describe('a handle taken over without any event is dropped at the next list read (a 300 ms cache)', () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      usergroups: boundGroups(),
      usergroupCacheMs: 300,
    });
  });
  afterAll(async () => slack?.close());

  it('the pinned group removed and a new group on its handle: dropped once the list is read again', async () => {
    expect(messageText(await slack.run('status', VIEWER))).not.toContain('Not allowed');
    slack.api.usergroups = [
      ...slack.api.usergroups.filter((candidate) => candidate.id !== 'S0VIEW'),
      { id: 'S0TAKEN', handle: 'viewers', users: [TAKER.userId, VIEWER.userId] },
    ];
    await sleep(350);
    const denial = messageText(await slack.run('status', TAKER));
    expect(denial).toContain(DROPPED_SENTENCE);
    expect(
      slack.logs.some((line) => line.includes('"@Viewers" is dropped: it named user group S0VIEW')),
    ).toBe(true);
    expect(messageText(await slack.run('status', VIEWER))).toContain('Not allowed');
  });
});
