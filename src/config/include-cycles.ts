import type { RoleDefinitions } from '../permissions/access-schema.ts';

/**
 * Every include cycle among the roles, each written from the role where it was entered:
 * `["a", "b", "a"]`. Includes of undefined roles are ignored here; references.ts reports them.
 */
export function includeCycles(roles: RoleDefinitions): string[][] {
  const cycles: string[][] = [];
  const finished = new Set<string>();
  const trail: string[] = [];

  const visit = (role: string): void => {
    const entered = trail.indexOf(role);
    if (entered >= 0) {
      cycles.push([...trail.slice(entered), role]);
      return;
    }
    if (finished.has(role) || !Object.hasOwn(roles, role)) return;
    trail.push(role);
    for (const included of roles[role]?.includes ?? []) visit(included);
    trail.pop();
    finished.add(role);
  };

  for (const role of Object.keys(roles)) visit(role);
  return cycles;
}
