import type { Operation } from '../catalogue/operation.ts';
import { guardedParamsOf } from '../catalogue/param-permissions.ts';
import type { HelpEntry, HelpIndex } from '../catalogue/services.ts';
import { optionsOf, usageLine } from '../catalogue/usage.ts';
import type { Identity } from '../permissions/identity.ts';

/** Help derived from the catalogue, filtered by what the caller may run. */
export function createHelpIndex(
  catalogue: readonly Operation[],
  mayRun: (identity: Identity, permissionKey: string) => boolean,
): HelpIndex {
  const entries = new Map<Operation, HelpEntry>(
    catalogue.map((operation) => [
      operation,
      {
        label: operation.words.join(' '),
        usage: usageLine(operation),
        summary: operation.summary,
        options: optionsOf(operation).map(([name, param]) => ({
          name,
          placeholder: param.placeholder,
          description: withPermissionNote(operation, name, param.description),
        })),
        examples: operation.examples,
        destructive: operation.destructive,
      },
    ]),
  );
  return {
    permitted: (identity) =>
      catalogue
        .filter((operation) => mayRun(identity, operation.name))
        .map((operation) => entries.get(operation) as HelpEntry),
    find: (words) => {
      const operation = catalogue.find(
        (candidate) =>
          candidate.words.length === words.length &&
          candidate.words.every((word, index) => word === words[index]),
      );
      return operation ? entries.get(operation) : undefined;
    },
  };
}

/** An option that needs its own permission says which, so nobody learns it from a refusal. */
function withPermissionNote(operation: Operation, name: string, description: string): string {
  const guarded = guardedParamsOf(operation).find((entry) => entry.param === name);
  return guarded ? `${description}; needs the permission ${guarded.permissionKey}` : description;
}
