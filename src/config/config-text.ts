import type { RoleDefinitions } from '../permissions/access-schema.ts';
import { type ConfigFile, configFileSchema } from './config-file-schema.ts';
import type { Validated } from './problem.ts';
import { type References, referenceProblems } from './references.ts';
import { validate } from './schema-problems.ts';
import { readYaml } from './yaml-source.ts';

/**
 * The configuration file's text checked through and through: YAML syntax, then shape (types,
 * unknown keys, durations), then references (operations, roles, include cycles). Every problem
 * found is returned, not just the first: when the shape is wrong somewhere, the parts that are
 * right on their own are still checked for references.
 */
export function checkConfigText(
  yamlText: string,
  permissionKeys: readonly string[],
  operationNames: readonly string[],
): Validated<ConfigFile> {
  const yaml = readYaml(yamlText);
  if (!yaml.ok) return yaml;
  // An empty file, or one of comments only, is a config with every default.
  const data = yaml.value ?? {};
  const whole = validate(configFileSchema, data);
  if (whole.ok) {
    const problems = referenceProblems(referencesIn(whole.value), permissionKeys, operationNames);
    return problems.length === 0 ? whole : { ok: false, problems };
  }
  return {
    ok: false,
    problems: [
      ...whole.problems,
      ...referenceProblems(wellFormedReferences(data), permissionKeys, operationNames),
    ],
  };
}

function referencesIn(config: ConfigFile): References {
  return {
    roles: config.roles,
    definedRoles: Object.keys(config.roles),
    bindings: config.bindings,
    cooldownKeys: [...config.cooldowns.keys()],
  };
}

/** The references that can be read from a file with shape problems: role by role, and cooldowns by key. */
function wellFormedReferences(data: unknown): References {
  const file = isMapping(data) ? data : {};
  const roles = isMapping(file.roles) ? file.roles : {};
  const bindings = validate(configFileSchema.shape.bindings, file.bindings);
  return {
    roles: wellFormedRoles(roles),
    definedRoles: Object.keys(roles),
    bindings: bindings.ok ? bindings.value : undefined,
    cooldownKeys: isMapping(file.cooldowns) ? Object.keys(file.cooldowns) : [],
  };
}

function wellFormedRoles(roles: Readonly<Record<string, unknown>>): RoleDefinitions {
  const wellFormed = Object.entries(roles).flatMap(([name, definition]) => {
    const role = validate(configFileSchema.shape.roles, { [name]: definition });
    return role.ok ? Object.entries(role.value) : [];
  });
  return Object.fromEntries(wellFormed);
}

function isMapping(data: unknown): data is Readonly<Record<string, unknown>> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}
