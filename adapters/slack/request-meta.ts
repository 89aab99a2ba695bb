import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import type { UsergroupDirectory } from './usergroup-directory.ts';

export interface SlackRequester {
  /** U…, or W… on Enterprise Grid. */
  userId: string;
  userName?: string;
  teamId?: string;
  /** The Enterprise Grid organization (E…), when there is one. */
  enterpriseId?: string;
  channelId?: string;
}

/** Who asked, as the core needs it: the user id, and the bound groups Slack says they are in. */
export async function slackRequestMeta(
  requester: SlackRequester,
  usergroups: UsergroupDirectory,
): Promise<RequestMeta> {
  const membership = await usergroups.membershipOf(requester.userId);
  const meta = slackRequestMetaWithoutGroups(requester);
  const identity = meta.identity;
  identity.groupIds = membership.groupIds;
  if (membership.groupNames.length > 0) identity.groupNames = membership.groupNames;
  if (membership.unavailable) identity.membershipUnavailable = membership.unavailable;
  if (membership.droppedBindings.length > 0) identity.droppedBindings = membership.droppedBindings;
  return meta;
}

/** Who asked, with no groups read: for a request refused before anything runs (no Web API call). */
export function slackRequestMetaWithoutGroups(requester: SlackRequester): RequestMeta {
  const identity: Identity = { platform: 'slack', userId: requester.userId, groupIds: [] };
  if (requester.userName) identity.userName = requester.userName;
  if (requester.teamId) identity.workspace = requester.teamId;
  if (requester.enterpriseId) identity.enterprise = requester.enterpriseId;
  return requester.channelId ? { identity, channel: requester.channelId } : { identity };
}
