/**
 * The patterns a role's `allow` list may hold: an exact permission key (`room.delete`), `*` for
 * every key, or `prefix.*` for every key under a prefix (`room.*` = room.add, room.edit, ...).
 * Nothing else is a wildcard, so a pattern can never grant more than it visibly says.
 */

export const EVERY_OPERATION = '*';
const PREFIX_WILDCARD = '.*';

export function patternMatches(pattern: string, permissionKey: string): boolean {
  if (pattern === EVERY_OPERATION) return true;
  if (pattern.endsWith(PREFIX_WILDCARD)) {
    // Keep the dot, so `room.*` matches room.add but not a key named `roomy`.
    const prefixWithDot = pattern.slice(0, -1);
    return permissionKey.startsWith(prefixWithDot);
  }
  return pattern === permissionKey;
}

export function keysMatching(pattern: string, permissionKeys: readonly string[]): string[] {
  return permissionKeys.filter((key) => patternMatches(pattern, key));
}

/**
 * What a mistyped pattern may have meant: every key and every `prefix.*` that matches something.
 * `*` is left out on purpose: suggesting "allow everything" to fix a typo would be a bad nudge.
 */
export function patternSuggestions(permissionKeys: readonly string[]): string[] {
  const prefixPatterns = permissionKeys.flatMap((key) => {
    const parts = key.split('.');
    return parts.slice(1).map((_, index) => `${parts.slice(0, index + 1).join('.')}${PREFIX_WILDCARD}`);
  });
  return [...new Set([...permissionKeys, ...prefixPatterns])];
}
