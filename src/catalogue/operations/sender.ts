import type { Identity } from '../../permissions/identity.ts';
import { kinds, option, withOwnPermission } from '../param.ts';

/**
 * The name messages are sent under on the chat server, unless the moderator picks another.
 * Picking one ("admin", another moderator's name) speaks for someone else, so it needs its own
 * permission (`broadcast.as`, `pm.as`): being allowed to broadcast is not enough.
 */
export const senderOption = withOwnPermission(
  option(kinds.text(64, 'name'), 'Name to send as (default: your own name)'),
);

export function senderName(chosen: string | undefined, identity: Identity): string {
  const name = chosen?.trim() || identity.userName?.trim() || identity.userId;
  return name;
}
