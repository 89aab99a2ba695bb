import type { Bindings } from '../../src/permissions/access-schema.ts';
import { isSlackHandle } from '../../src/permissions/binding-keys.ts';
import type { SlackAdapterOptions } from './slack-adapter.ts';

/**
 * What the Slack adapter needs to know of the bindings: which user groups they name (by id or by
 * `@handle`; no other group's members are ever read) and which workspaces besides its own it serves.
 */
export function slackAccess(bindings: Bindings): Pick<SlackAdapterOptions, 'boundUsergroups' | 'extraTeams'> {
  const keys = Object.keys(bindings.slack.usergroups);
  return {
    boundUsergroups: { ids: keys.filter((key) => !isSlackHandle(key)), handles: keys.filter(isSlackHandle) },
    extraTeams: bindings.slack.teams,
  };
}
