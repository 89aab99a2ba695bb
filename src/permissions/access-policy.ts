import type { Bindings, RoleDefinitions } from './access-schema.ts';
import type { Identity } from './identity.ts';
import { bindRoles } from './role-bindings.ts';
import { grantsByRole } from './role-grants.ts';

/**
 * Who may run what. Deny by default: an identity with no binding holds no role and may run
 * nothing, not even `help`. Everything is worked out when the policy is built; a decision is
 * lookups only.
 */

export interface AccessGranted {
  readonly allowed: true;
  /** The role held by the caller that grants the operation (itself or through a role it includes). */
  readonly grantedBy: string;
}

export interface AccessDenied {
  readonly allowed: false;
  /** The roles the caller holds; empty when nothing binds them. */
  readonly heldRoles: readonly string[];
  /** Every role that grants the operation, in the order the file defines them; empty when none does. */
  readonly rolesThatWouldAllow: readonly string[];
}

export type AccessDecision = AccessGranted | AccessDenied;

export interface AccessPolicy {
  rolesOf(identity: Identity): readonly string[];
  /** Throws for a permission key the catalogue does not have: that is a bug, not a refusal. */
  decide(identity: Identity, permissionKey: string): AccessDecision;
  /** The permission keys the identity may run, in catalogue order (for a `help` that lists only those). */
  permittedKeys(identity: Identity): readonly string[];
}

/** The part of the configuration access is decided from; the whole configuration will do. */
export interface AccessRules {
  roles: RoleDefinitions;
  bindings: Bindings;
}

/** `access` may be the whole configuration; `permissionKeys` are the operation catalogue's keys. */
export function createAccessPolicy(access: AccessRules, permissionKeys: readonly string[]): AccessPolicy {
  const grants = grantsByRole(access.roles, permissionKeys);
  const rolesOf = bindRoles(access.bindings);
  const grantingRoles = new Map(
    permissionKeys.map((key) => [key, [...grants].filter(([, keys]) => keys.has(key)).map(([role]) => role)]),
  );
  const grantedBy = (role: string, key: string) => grants.get(role)?.has(key) ?? false;

  return {
    rolesOf,
    decide(identity, permissionKey) {
      const rolesThatWouldAllow = grantingRoles.get(permissionKey);
      if (rolesThatWouldAllow === undefined) throw new Error(`unknown permission key "${permissionKey}"`);
      const heldRoles = rolesOf(identity);
      const granting = heldRoles.find((role) => grantedBy(role, permissionKey));
      return granting === undefined
        ? { allowed: false, heldRoles, rolesThatWouldAllow }
        : { allowed: true, grantedBy: granting };
    },
    permittedKeys(identity) {
      const heldRoles = rolesOf(identity);
      return permissionKeys.filter((key) => heldRoles.some((role) => grantedBy(role, key)));
    },
  };
}
