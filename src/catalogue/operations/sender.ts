import type { Identity } from '../../permissions/identity.ts';
import { kinds, option } from '../param.ts';

/** The name messages are sent under on the chat server, unless the moderator picks another. */
export const senderOption = option(kinds.text(64, 'name'), 'Name to send as (default: your own name)');

export function senderName(chosen: string | undefined, identity: Identity): string {
  const name = chosen?.trim() || identity.userName?.trim() || identity.userId;
  return name;
}
