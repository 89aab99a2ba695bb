import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/catalogue/catalogue.ts';
import { guardedParamsOf } from '../../src/catalogue/param-permissions.ts';
import { createAccessPolicy } from '../../src/permissions/access-policy.ts';
import { explainParamDenial } from '../../src/permissions/explain-denial.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import { PERMISSION_KEYS, parse, problemsOf } from '../config/fixtures.ts';

const slackUser = (userId: string): Identity => ({ platform: 'slack', userId, groupIds: [] });

describe('parameters that need their own permission', () => {
  it('are declared in the catalogue: as= on broadcast and pm, and nowhere else', () => {
    const guarded = CATALOGUE.flatMap((operation) => guardedParamsOf(operation));
    expect(guarded).toEqual([
      { param: 'as', permissionKey: 'broadcast.as' },
      { param: 'as', permissionKey: 'pm.as' },
    ]);
    for (const { permissionKey } of guarded) expect(PERMISSION_KEYS).toContain(permissionKey);
  });

  it('are granted by *, by broadcast.* and by the key itself, never by plain broadcast', () => {
    const policy = createAccessPolicy(
      parse(`
roles:
  sender:    { allow: [broadcast, pm] }
  announcer: { allow: ["broadcast.*"] }
  exact:     { allow: [pm.as] }
  admin:     { allow: ["*"] }
bindings:
  slack: { users: { U1: sender, U2: announcer, U3: exact, U4: admin } }
`),
      PERMISSION_KEYS,
    );
    const may = (userId: string, key: string) => policy.decide(slackUser(userId), key).allowed;
    expect([may('U1', 'broadcast'), may('U1', 'broadcast.as'), may('U1', 'pm.as')]).toEqual([
      true,
      false,
      false,
    ]);
    expect([may('U2', 'broadcast.as'), may('U2', 'pm.as')]).toEqual([true, false]);
    expect([may('U3', 'pm.as'), may('U3', 'broadcast.as')]).toEqual([true, false]);
    expect([may('U4', 'broadcast.as'), may('U4', 'pm.as')]).toEqual([true, true]);
    const refused = policy.decide(slackUser('U1'), 'broadcast.as');
    expect(refused).toEqual({
      allowed: false,
      heldRoles: ['sender'],
      rolesThatWouldAllow: ['announcer', 'admin'],
    });
  });

  it('are keys the configuration checks like any other: a typo is refused, with a suggestion', () => {
    expect(problemsOf('roles: { r: { allow: [broadcast.ass] } }')).toEqual([
      'chatops.yml: roles.r.allow[0]: unknown operation "broadcast.ass" (did you mean "broadcast.as"?)',
    ]);
    expect(() => parse('roles: { r: { allow: [broadcast.as, "pm.*"] } }')).not.toThrow();
  });

  it('are not operations: a cooldown cannot name one', () => {
    expect(problemsOf('cooldowns: { broadcast.as: 10s }')).toEqual([
      'chatops.yml: cooldowns["broadcast.as"]: unknown operation "broadcast.as" (did you mean "broadcast"?)',
    ]);
  });

  it("are explained like other refusals: the permission, the roles that would allow it, the caller's", () => {
    expect(
      explainParamDenial('pm', 'as', 'pm.as', {
        allowed: false,
        heldRoles: [],
        rolesThatWouldAllow: ['admin'],
      }),
    ).toBe(
      'You may not use as= in "pm" (permission pm.as): it needs the role admin. You have no role here; ask an admin to bind your user or one of your groups in chatops.yml.',
    );
  });
});
