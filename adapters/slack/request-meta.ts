import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import type { UsergroupDirectory } from './usergroup-directory.ts';

export interface SlackRequester {
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

/** Who asked, as the core needs it: the user id, and the groups Slack says they are in. */
export async function slackRequestMeta(
  requester: SlackRequester,
  usergroups: UsergroupDirectory,
): Promise<RequestMeta> {
  const membership = await usergroups.membershipOf(requester.userId);
  const identity: Identity = { platform: 'slack', userId: requester.userId, memberOf: membership.memberOf };
  if (requester.userName) identity.userName = requester.userName;
  if (requester.teamId) identity.workspace = requester.teamId;
  if (membership.unavailable) identity.membershipUnavailable = membership.unavailable;
  return requester.channelId ? { identity, channel: requester.channelId } : { identity };
}
