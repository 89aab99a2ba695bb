import type { Bindings, RoleDefinitions, RoleRefs } from '../permissions/access-schema.ts';
import { keysMatching, patternSuggestions } from '../permissions/operation-pattern.ts';
import { bindingKeyProblems } from './binding-key-problems.ts';
import { didYouMean } from './did-you-mean.ts';
import { includeCycles } from './include-cycles.ts';
import type { ConfigProblem } from './problem.ts';

/**
 * What the schema cannot see: that every operation named exists in the catalogue, that every
 * role named is defined, that includes do not go round in circles, and that no binding can be
 * taken over by someone who creates a group of the right name.
 */
export interface References {
  /** The role definitions to check; when the file has shape problems, only those that are well formed. */
  readonly roles: RoleDefinitions;
  /** Every role the file defines, well formed or not: naming a malformed role is not a second problem. */
  readonly definedRoles: readonly string[];
  /** Undefined when the bindings have shape problems; guessing what they meant would bury those. */
  readonly bindings: Bindings | undefined;
  readonly cooldownKeys: readonly string[];
}

/**
 * `permissionKeys`: what `allow:` may grant. `operationNames`: what `cooldowns:` may name, the
 * operations themselves (a parameter's own key such as `broadcast.as` runs nothing to cool down).
 */
export function referenceProblems(
  references: References,
  permissionKeys: readonly string[],
  operationNames: readonly string[],
): ConfigProblem[] {
  const { roles, definedRoles, bindings, cooldownKeys } = references;
  return [
    ...allowProblems(roles, permissionKeys),
    ...includeProblems(roles, definedRoles),
    ...(bindings === undefined
      ? []
      : [...bindingProblems(bindings, definedRoles), ...bindingKeyProblems(bindings)]),
    ...cooldownProblems(cooldownKeys, operationNames),
  ];
}

function allowProblems(roles: RoleDefinitions, permissionKeys: readonly string[]): ConfigProblem[] {
  const suggestions = patternSuggestions(permissionKeys);
  return Object.entries(roles).flatMap(([role, { allow }]) =>
    allow.flatMap((pattern, index) =>
      keysMatching(pattern, permissionKeys).length > 0
        ? []
        : [{ path: ['roles', role, 'allow', index], message: unknownOperation(pattern, suggestions) }],
    ),
  );
}

function cooldownProblems(
  cooldownKeys: readonly string[],
  operationNames: readonly string[],
): ConfigProblem[] {
  return cooldownKeys
    .filter((key) => !operationNames.includes(key))
    .map((key) => ({ path: ['cooldowns', key], message: unknownOperation(key, operationNames) }));
}

function includeProblems(roles: RoleDefinitions, definedRoles: readonly string[]): ConfigProblem[] {
  const undefinedIncludes = Object.entries(roles).flatMap(([role, { includes }]) =>
    roleRefProblems(['roles', role, 'includes'], includes, definedRoles),
  );
  const cycles = includeCycles(roles).map((cycle) => ({
    path: ['roles'],
    message: `include cycle: ${cycle.join(' -> ')}`,
  }));
  return [...undefinedIncludes, ...cycles];
}

function bindingProblems(bindings: Bindings, definedRoles: readonly string[]): ConfigProblem[] {
  const tables = [
    { path: ['bindings', 'slack', 'users'], table: bindings.slack.users },
    { path: ['bindings', 'slack', 'usergroups'], table: bindings.slack.usergroups },
    { path: ['bindings', 'discord', 'users'], table: bindings.discord.users },
    { path: ['bindings', 'discord', 'roles'], table: bindings.discord.roles },
  ];
  const tableProblems = tables.flatMap(({ path, table }) =>
    Object.entries(table).flatMap(([key, refs]) => roleRefProblems([...path, key], refs, definedRoles)),
  );
  const consoleRole = bindings.console?.role;
  const consoleProblems =
    consoleRole === undefined
      ? []
      : roleRefProblems(['bindings', 'console', 'role'], consoleRole, definedRoles);
  return [...tableProblems, ...consoleProblems];
}

/** A single role is reported at its key; a list's roles at their index. */
function roleRefProblems(
  path: readonly PropertyKey[],
  refs: RoleRefs,
  definedRoles: readonly string[],
): ConfigProblem[] {
  const located =
    typeof refs === 'string'
      ? [{ path, role: refs }]
      : refs.map((role, index) => ({ path: [...path, index], role }));
  return located
    .filter(({ role }) => !definedRoles.includes(role))
    .map(({ path: rolePath, role }) => ({ path: rolePath, message: undefinedRole(role, definedRoles) }));
}

function unknownOperation(typed: string, candidates: readonly string[]): string {
  return `unknown operation "${typed}"${didYouMean(typed, candidates)}`;
}

function undefinedRole(role: string, definedRoles: readonly string[]): string {
  return `role "${role}" is not defined${didYouMean(role, definedRoles)}`;
}
