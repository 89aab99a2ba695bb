import type { Operation } from './operation.ts';

/**
 * Parameters that need a permission of their own (`Param.ownPermission`): the permission keys,
 * the config's `allow:` check, help and the command path all derive them from here, so the
 * catalogue declaration is the only place such a key is written down.
 */
export interface GuardedParam {
  /** The parameter's name, as typed (`as` in `as=Staff`). */
  readonly param: string;
  /** `<operation>.<parameter>`, e.g. `broadcast.as`: `*` and `broadcast.*` grant it, `broadcast` does not. */
  readonly permissionKey: string;
}

const guarded = new WeakMap<Operation, readonly GuardedParam[]>();

/** The operation's parameters that need their own permission, worked out once: most have none. */
export function guardedParamsOf(operation: Operation): readonly GuardedParam[] {
  let found = guarded.get(operation);
  if (found === undefined) {
    found = Object.entries(operation.params)
      .filter(([, param]) => param.ownPermission === true)
      .map(([param]) => ({ param, permissionKey: `${operation.name}.${param}` }));
    guarded.set(operation, found);
  }
  return found;
}

/** The operation's own key, then those of its guarded parameters. */
export function permissionKeysOf(operation: Operation): readonly string[] {
  return [operation.name, ...guardedParamsOf(operation).map((entry) => entry.permissionKey)];
}
