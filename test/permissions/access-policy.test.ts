import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../../src/permissions/access-policy.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import { EXAMPLE_YAML, PERMISSION_KEYS, parse } from '../config/fixtures.ts';

const policy = createAccessPolicy(parse(EXAMPLE_YAML), PERMISSION_KEYS);

const slackUser = (userId: string, groupIds: string[] = [], groupNames: string[] = []): Identity => ({
  platform: 'slack',
  userId,
  groupIds,
  groupNames,
});
const discordUser = (
  userId: string,
  roleIds: string[] = [],
  roleNames: string[] = [],
  workspace = '123456',
): Identity => ({
  platform: 'discord',
  userId,
  groupIds: roleIds,
  groupNames: roleNames,
  workspace,
});
const VIEWER_KEYS = ['status', 'rooms', 'who', 'help'];
const MODERATOR_KEYS = ['status', 'rooms', 'who', 'broadcast', 'pm', 'room.add', 'room.edit', 'help'];

describe('rolesOf', () => {
  it('binds Slack users by id and user groups by id or by @handle (as the adapter resolved it)', () => {
    expect(policy.rolesOf(slackUser('U0ADMIN'))).toEqual(['admin']);
    expect(policy.rolesOf(slackUser('U1', ['S0MODS']))).toEqual(['moderator']);
    expect(policy.rolesOf(slackUser('U1', [], ['@chat-mods']))).toEqual(['moderator']);
  });

  it('matches ids and names exactly', () => {
    expect(policy.rolesOf(slackUser('u0admin'))).toEqual([]);
    expect(policy.rolesOf(slackUser('U1', ['s0mods']))).toEqual([]);
    expect(policy.rolesOf(slackUser('U1', ['S0MODSX'], ['chat-mods', '@Chat-Mods']))).toEqual([]);
    expect(policy.rolesOf(discordUser('5', [], ['chat admins', 'Chat Admin']))).toEqual([]);
  });

  it('binds Discord users by id and roles by id or by exact name', () => {
    expect(policy.rolesOf(discordUser('111'))).toEqual(['admin']);
    expect(policy.rolesOf(discordUser('5', ['222']))).toEqual(['moderator']);
    expect(policy.rolesOf(discordUser('5', ['333'], ['Chat Admins']))).toEqual(['admin']);
    expect(policy.rolesOf(discordUser('5', ['2222']))).toEqual([]);
  });

  it('never takes a name for an id: a role or group named after a bound id gives nothing', () => {
    expect(policy.rolesOf(discordUser('5', ['444'], ['222']))).toEqual([]);
    expect(policy.rolesOf(slackUser('U1', ['S0FAKE'], ['S0MODS']))).toEqual([]);
    expect(policy.rolesOf(discordUser('5', ['Chat Admins']))).toEqual([]);
    expect(policy.rolesOf(slackUser('U1', ['@chat-mods']))).toEqual([]);
  });

  it('gives every role an identity is bound to, once, user binding first', () => {
    expect(policy.rolesOf(discordUser('111', ['222'], ['Chat Admins']))).toEqual(['admin', 'moderator']);
    expect(policy.rolesOf(slackUser('U1', ['S0MODS'], ['@chat-mods']))).toEqual(['moderator']);
  });

  it('gives no role on a Discord server the guild list does not name', () => {
    expect(policy.rolesOf(discordUser('111', ['222'], [], '999'))).toEqual([]);
    expect(policy.rolesOf({ platform: 'discord', userId: '111', groupIds: ['222'] })).toEqual([]);
  });

  it('does not restrict Discord servers when no guild is listed', () => {
    const open = createAccessPolicy(
      parse('roles: { admin: { allow: ["*"] } }\nbindings: { discord: { users: { "111": admin } } }\n'),
      PERMISSION_KEYS,
    );
    expect(open.rolesOf(discordUser('111', [], [], 'any'))).toEqual(['admin']);
    expect(open.rolesOf({ platform: 'discord', userId: '111', groupIds: [] })).toEqual(['admin']);
  });

  it('gives the console its bound role, and Slack ids nothing on Discord', () => {
    expect(policy.rolesOf({ platform: 'console', userId: 'anyone', groupIds: [] })).toEqual(['admin']);
    expect(policy.rolesOf(discordUser('U0ADMIN'))).toEqual([]);
    expect(policy.rolesOf(slackUser('111'))).toEqual([]);
  });

  it('finds nothing for user ids that are also names of Object properties', () => {
    for (const userId of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(policy.rolesOf(slackUser(userId, [userId], [userId]))).toEqual([]);
    }
  });
});

describe('decide', () => {
  it('grants by a held role, naming it', () => {
    expect(policy.decide(slackUser('U0ADMIN'), 'room.delete')).toEqual({ allowed: true, grantedBy: 'admin' });
    expect(policy.decide(slackUser('U1', ['S0MODS']), 'broadcast')).toEqual({
      allowed: true,
      grantedBy: 'moderator',
    });
  });

  it('grants what an included role allows, naming the held role', () => {
    expect(policy.decide(slackUser('U1', ['S0MODS']), 'who')).toEqual({
      allowed: true,
      grantedBy: 'moderator',
    });
  });

  it('refuses with the roles held and the roles that would allow it', () => {
    expect(policy.decide(slackUser('U1', ['S0MODS']), 'room.delete')).toEqual({
      allowed: false,
      heldRoles: ['moderator'],
      rolesThatWouldAllow: ['admin'],
    });
    expect(policy.decide(slackUser('U1', ['S0MODS']), 'group.stop')).toMatchObject({
      rolesThatWouldAllow: ['admin'],
    });
    expect(policy.decide(discordUser('9'), 'status')).toEqual({
      allowed: false,
      heldRoles: [],
      rolesThatWouldAllow: ['viewer', 'moderator', 'admin'],
    });
  });

  it('denies by default: an unbound identity may run nothing, not even help', () => {
    for (const stranger of [
      slackUser('U9'),
      discordUser('9', ['333'], ['Everyone']),
      discordUser('111', [], [], '1'),
    ]) {
      for (const key of PERMISSION_KEYS) expect(policy.decide(stranger, key).allowed).toBe(false);
      expect(policy.permittedKeys(stranger)).toEqual([]);
    }
    const nobodyBound = createAccessPolicy(parse(''), PERMISSION_KEYS);
    expect(nobodyBound.decide({ platform: 'console', userId: 'root', groupIds: [] }, 'help')).toEqual({
      allowed: false,
      heldRoles: [],
      rolesThatWouldAllow: [],
    });
  });

  it('throws for a permission key that is not in the catalogue', () => {
    expect(() => policy.decide(slackUser('U0ADMIN'), 'room.destroy')).toThrow(
      'unknown permission key "room.destroy"',
    );
  });
});

describe('includes', () => {
  it('are followed transitively and through a diamond', () => {
    const yaml = `
roles:
  reader: { allow: [status] }
  lister: { includes: [reader], allow: [rooms] }
  talker: { includes: [reader], allow: [pm] }
  lead: { includes: [lister, talker], allow: [broadcast] }
  chief: { includes: [lead] }
bindings:
  slack: { users: { U1: chief, U2: talker } }
`;
    const diamond = createAccessPolicy(parse(yaml), PERMISSION_KEYS);
    expect(diamond.permittedKeys(slackUser('U1'))).toEqual(['status', 'rooms', 'broadcast', 'pm']);
    expect(diamond.decide(slackUser('U1'), 'status')).toEqual({ allowed: true, grantedBy: 'chief' });
    expect(diamond.permittedKeys(slackUser('U2'))).toEqual(['status', 'pm']);
    expect(diamond.decide(slackUser('U2'), 'rooms')).toEqual({
      allowed: false,
      heldRoles: ['talker'],
      rolesThatWouldAllow: ['lister', 'lead', 'chief'],
    });
  });

  it('stop at a cycle rather than loop, should one reach the policy unvalidated', () => {
    const roles = { a: { includes: ['b'], allow: ['status'] }, b: { includes: ['a'], allow: ['pm'] } };
    const bindings = {
      slack: { users: { U1: 'a' }, usergroups: {}, teams: [] },
      discord: { users: {}, roles: {} },
    };
    const cyclic = createAccessPolicy({ roles, bindings }, PERMISSION_KEYS);
    expect(cyclic.permittedKeys(slackUser('U1'))).toEqual(['status', 'pm']);
  });
});

describe('patterns', () => {
  const yaml = `
roles:
  rooms-only: { allow: ["room.*"] }
  everything: { allow: ["*"] }
bindings:
  slack: { users: { U1: rooms-only, U2: everything } }
`;
  const patterned = createAccessPolicy(parse(yaml), PERMISSION_KEYS);

  it('`prefix.*` grants every key under the prefix and nothing else', () => {
    expect(patterned.permittedKeys(slackUser('U1'))).toEqual(['room.add', 'room.edit', 'room.delete']);
    expect(patterned.decide(slackUser('U1'), 'rooms').allowed).toBe(false);
  });

  it('`*` grants every key', () => {
    expect(patterned.permittedKeys(slackUser('U2'))).toEqual(PERMISSION_KEYS);
  });
});

describe('permittedKeys', () => {
  it('lists what the identity may run, in catalogue order', () => {
    expect(policy.permittedKeys(slackUser('U1', [], ['@chat-mods']))).toEqual(MODERATOR_KEYS);
    expect(policy.permittedKeys(slackUser('U0ADMIN'))).toEqual(PERMISSION_KEYS);
    const viewer = createAccessPolicy(
      parse(
        'roles: { viewer: { allow: [status, rooms, who, help] } }\nbindings: { console: { role: viewer } }\n',
      ),
      PERMISSION_KEYS,
    );
    expect(viewer.permittedKeys({ platform: 'console', userId: 'me', groupIds: [] })).toEqual(VIEWER_KEYS);
  });

  it('agrees with decide for every key', () => {
    for (const identity of [
      slackUser('U1', ['S0MODS']),
      discordUser('5', ['333'], ['Chat Admins']),
      slackUser('U9'),
    ]) {
      const permitted = policy.permittedKeys(identity);
      for (const key of PERMISSION_KEYS)
        expect(policy.decide(identity, key).allowed).toBe(permitted.includes(key));
    }
  });
});
