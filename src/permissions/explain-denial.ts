import type { AccessDenied } from './access-policy.ts';

/**
 * A refusal in words the caller can act on: what the operation needs and what they have, e.g.
 * `You may not run "room delete": it needs the role admin. Your roles: moderator.`
 */
export function explainDenial(operationLabel: string, decision: AccessDenied): string {
  return `You may not run "${operationLabel}": ${whatItNeeds(decision.rolesThatWouldAllow)} ${whatYouHave(decision.heldRoles)}`;
}

/**
 * A refusal of one parameter whose giving needs its own permission, e.g.
 * `You may not use as= in "broadcast" (permission broadcast.as): it needs the role admin. Your roles: moderator.`
 */
export function explainParamDenial(
  operationLabel: string,
  param: string,
  permissionKey: string,
  decision: AccessDenied,
): string {
  return `You may not use ${param}= in "${operationLabel}" (permission ${permissionKey}): ${whatItNeeds(decision.rolesThatWouldAllow)} ${whatYouHave(decision.heldRoles)}`;
}

function whatItNeeds(roles: readonly string[]): string {
  if (roles.length === 0) return 'no role allows it.';
  if (roles.length === 1) return `it needs the role ${roles[0]}.`;
  return `it needs one of the roles ${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}.`;
}

function whatYouHave(heldRoles: readonly string[]): string {
  return heldRoles.length === 0
    ? 'You have no role here; ask an admin to bind your user or one of your groups in chatops.yml.'
    : `Your roles: ${heldRoles.join(', ')}.`;
}
