import type { RoleDefinitions } from './access-schema.ts';
import { patternMatches } from './operation-pattern.ts';

/**
 * The permission keys each role grants: its own `allow` patterns and those of every role it
 * includes, directly or not, matched against the operation catalogue. Worked out once, when the
 * policy is built. Cycles are refused at start-up; here they merely stop the walk.
 */
export function grantsByRole(
  roles: RoleDefinitions,
  permissionKeys: readonly string[],
): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(
    Object.keys(roles).map((role) => {
      const patterns = [...rolesReachedFrom(role, roles)].flatMap((reached) => roles[reached]?.allow ?? []);
      const granted = permissionKeys.filter((key) =>
        patterns.some((pattern) => patternMatches(pattern, key)),
      );
      return [role, new Set(granted)];
    }),
  );
}

/** The role itself and every role it includes, transitively. */
function rolesReachedFrom(role: string, roles: RoleDefinitions): Set<string> {
  const reached = new Set<string>();
  const pending = [role];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (reached.has(next) || !Object.hasOwn(roles, next)) continue;
    reached.add(next);
    pending.push(...(roles[next]?.includes ?? []));
  }
  return reached;
}
