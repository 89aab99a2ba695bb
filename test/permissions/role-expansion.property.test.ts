import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../../src/permissions/access-policy.ts';
import type { RoleDefinitions } from '../../src/permissions/access-schema.ts';
import { keysMatching } from '../../src/permissions/operation-pattern.ts';
import { PERMISSION_KEYS } from '../config/fixtures.ts';

const ROLE_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
const PATTERNS = [...PERMISSION_KEYS, '*', 'room.*', 'group.*'];

/** Any set of roles over a few names, includes going anywhere, cycles and all. */
const anyRole = fc.record({ includes: fc.subarray(ROLE_NAMES), allow: fc.subarray(PATTERNS) });
const anyRoles: fc.Arbitrary<RoleDefinitions> = fc.record(
  Object.fromEntries(ROLE_NAMES.map((name) => [name, anyRole])),
);

function consoleHolding(roles: RoleDefinitions, role: string) {
  const bindings = {
    slack: { users: {}, usergroups: {}, teams: [] },
    discord: { users: {}, roles: {} },
    console: { role },
  };
  const policy = createAccessPolicy({ roles, bindings }, PERMISSION_KEYS);
  return policy.permittedKeys({ platform: 'console', userId: 'me', groupIds: [] });
}

describe('role expansion', () => {
  it("grants a role exactly its own patterns' keys and everything its included roles grant", () => {
    fc.assert(
      fc.property(anyRoles, fc.constantFrom(...ROLE_NAMES), (roles, role) => {
        const definition = roles[role];
        if (definition === undefined) throw new Error(`no role ${role}`);
        const own = definition.allow.flatMap((pattern) => keysMatching(pattern, PERMISSION_KEYS));
        const inherited = definition.includes.flatMap((included) => consoleHolding(roles, included));
        const expected = PERMISSION_KEYS.filter((key) => own.includes(key) || inherited.includes(key));
        expect(consoleHolding(roles, role)).toEqual(expected);
      }),
    );
  });
});
