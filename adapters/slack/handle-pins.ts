/**
 * `@handle` bindings, each pinned to the user group it named when the handles were first read
 * (at start). Whoever may edit user groups can free a handle and give it to another group; a
 * pinned binding never follows it there. It gives its roles only to members of its own group,
 * and only while that group still carries the handle; once another group carries it, the
 * binding is dropped until the app is restarted (an admin should then bind the group by id).
 */

type Pin =
  /** No usergroups.list has been read yet. */
  | { kind: 'unresolved' }
  /** At the first read no group (or more than one) carried the handle: it gives nothing until restart. */
  | { kind: 'unmatched' }
  | { kind: 'pinned'; groupId: string; carried: boolean }
  | { kind: 'dropped'; groupId: string; takenBy: string };

/** A handle binding that gives its roles now: to the members of this group. */
export interface LivePin {
  /** The binding key as written in chatops.yml, e.g. "@Chat-Admins". */
  readonly key: string;
  readonly groupId: string;
}

export class HandlePins {
  readonly #pins = new Map<string, Pin>();

  /** `handles`: the `@handle` keys of bindings.slack.usergroups, as written. */
  constructor(handles: readonly string[]) {
    for (const key of handles) this.#pins.set(key, { kind: 'unresolved' });
  }

  get size(): number {
    return this.#pins.size;
  }

  /**
   * A fresh usergroups.list (group id -> handle): pins what is unresolved, follows renames of the
   * pinned groups, drops a binding whose handle another group carries. Returns the log lines.
   */
  apply(groups: ReadonlyMap<string, string>): string[] {
    const carriers = new Map<string, string[]>();
    for (const [groupId, handle] of groups) {
      // Slack treats handles without regard to case: "@Viewers" and "@viewers" are one handle.
      const name = handle.toLowerCase();
      carriers.set(name, [...(carriers.get(name) ?? []), groupId]);
    }
    const lines: string[] = [];
    for (const [key, pin] of this.#pins) {
      const holders = carriers.get(key.slice(1).toLowerCase()) ?? [];
      const next = advance(key, pin, holders, groups, lines);
      this.#pins.set(key, next);
    }
    return lines;
  }

  /** The bindings that give roles now, each with its group. */
  live(): LivePin[] {
    return [...this.#pins].flatMap(([key, pin]) =>
      pin.kind === 'pinned' && pin.carried ? [{ key, groupId: pin.groupId }] : [],
    );
  }

  /** Every group a binding is pinned to, carrying its handle or not: its member changes matter. */
  pinnedGroups(): string[] {
    return [...this.#pins.values()].flatMap((pin) => (pin.kind === 'pinned' ? [pin.groupId] : []));
  }

  /** For a denial: why each dropped binding gives nothing. */
  droppedSentences(): string[] {
    return [...this.#pins]
      .filter(([, pin]) => pin.kind === 'dropped')
      .map(
        ([key]) =>
          `The binding ${key} gives no role any more: that handle now names another Slack user group than when the bot started, so an admin must bind the group by its id.`,
      );
  }
}

function advance(
  key: string,
  pin: Pin,
  holders: readonly string[],
  groups: ReadonlyMap<string, string>,
  lines: string[],
): Pin {
  const binding = `Slack: user-group binding "${key}"`;
  switch (pin.kind) {
    case 'unresolved': {
      const [only] = holders;
      if (only !== undefined && holders.length === 1) {
        lines.push(
          `${binding} is user group ${only}; bind it by id ("${only}") so that a renamed or new group cannot take its place.`,
        );
        return { kind: 'pinned', groupId: only, carried: true };
      }
      lines.push(
        holders.length === 0
          ? `${binding} matches no user group; it gives no role until the app is restarted with such a group. Bind the group by id (S…).`
          : `${binding} matches ${holders.length} user groups (${holders.join(', ')}); it gives no role. Bind the right group by id.`,
      );
      return { kind: 'unmatched' };
    }
    case 'pinned': {
      const takenBy = holders.find((groupId) => groupId !== pin.groupId);
      if (takenBy !== undefined) {
        lines.push(
          `${binding} is dropped: it named user group ${pin.groupId} at start and now names ${takenBy}. Bind the group by id in chatops.yml (bindings.slack.usergroups, "${pin.groupId}" or "${takenBy}", whichever is meant) and restart.`,
        );
        return { kind: 'dropped', groupId: pin.groupId, takenBy };
      }
      const carried = holders.includes(pin.groupId);
      if (pin.carried && !carried) {
        const now = groups.get(pin.groupId);
        lines.push(
          `${binding}: user group ${pin.groupId} no longer carries that handle (${now === undefined ? 'it is gone or disabled' : `it is ${JSON.stringify(`@${now}`)} now`}); the binding gives no role while it does not.`,
        );
      } else if (!pin.carried && carried)
        lines.push(
          `${binding}: user group ${pin.groupId} carries that handle again; the binding applies again.`,
        );
      return { kind: 'pinned', groupId: pin.groupId, carried };
    }
    case 'unmatched':
    case 'dropped':
      return pin;
  }
}
