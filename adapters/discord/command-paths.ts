import type { Operation } from '../../src/catalogue/operation.ts';

/**
 * Where each operation sits under `/chat`: one word is a subcommand, two words a subcommand in a
 * group. Discord cannot have a subcommand and a group of the same name, so an operation whose one
 * word also names a group (`alerts` beside `alerts mute`) becomes that group's `show` subcommand.
 * Building the definition and reading an invocation both use this, so they cannot disagree.
 */
export const GROUP_OWN_SUBCOMMAND = 'show';

export type CommandPath = readonly [string] | readonly [string, string];

const known = new WeakMap<readonly Operation[], ReadonlyMap<Operation, CommandPath>>();

export function commandPaths(catalogue: readonly Operation[]): ReadonlyMap<Operation, CommandPath> {
  let paths = known.get(catalogue);
  if (paths === undefined) {
    paths = derivePaths(catalogue);
    known.set(catalogue, paths);
  }
  return paths;
}

function derivePaths(catalogue: readonly Operation[]): Map<Operation, CommandPath> {
  const groups = new Set(
    catalogue
      .filter((operation) => operation.words.length === 2)
      .map((operation) => lower(operation.words[0])),
  );
  const paths = new Map<Operation, CommandPath>();
  const taken = new Map<string, string>();
  for (const operation of catalogue) {
    const words = operation.words.map(lower);
    const [first, second] = words;
    if (first === undefined || words.length > 2)
      throw new Error(
        `operation ${operation.name}: Discord offers one or two words after /chat, not ${words.length}`,
      );
    const path: CommandPath =
      second !== undefined ? [first, second] : groups.has(first) ? [first, GROUP_OWN_SUBCOMMAND] : [first];
    const key = path.join(' ');
    const holder = taken.get(key);
    if (holder !== undefined)
      throw new Error(`operations ${holder} and ${operation.name} would both be /chat ${key} on Discord`);
    taken.set(key, operation.name);
    paths.set(operation, path);
  }
  return paths;
}

/** The operation at `/chat <group> <subcommand>` (group null for a top-level subcommand). */
export function operationAt(
  catalogue: readonly Operation[],
  group: string | null,
  subcommand: string | null,
): Operation | undefined {
  const wanted = [group, subcommand].filter((word): word is string => word !== null).join(' ');
  for (const [operation, path] of commandPaths(catalogue)) if (path.join(' ') === wanted) return operation;
  return undefined;
}

function lower(word: string | undefined): string {
  return (word ?? '').toLowerCase();
}
