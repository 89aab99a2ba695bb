import type { App } from '@slack/bolt';
import type { Log } from './adapter-log.ts';
import { SLACK_EVENTS } from './slack-methods.ts';
import { subteamMembersChangedSchema, subteamUpdatedSchema } from './slack-payloads.ts';
import type { UsergroupDirectory } from './usergroup-directory.ts';

/** User-group changes drop what they touch from the cache, so the next command reads it afresh. */
export function listenForUsergroupChanges(app: App, usergroups: UsergroupDirectory, log: Log): void {
  // One listener for both events: Bolt tries each listener on every request, slash commands too.
  app.event(USERGROUP_EVENTS, async ({ event }) => {
    if (event.type === SLACK_EVENTS.membersChanged) {
      const parsed = subteamMembersChangedSchema.safeParse(event);
      if (parsed.success) usergroups.membersChanged(parsed.data.subteam_id);
      else {
        log('Slack: a subteam_members_changed event without subteam_id: every group is read again.');
        usergroups.everythingChanged();
      }
      return;
    }
    const parsed = subteamUpdatedSchema.safeParse(event);
    if (parsed.success) usergroups.groupUpdated(parsed.data.subteam.id);
    else {
      log('Slack: a subteam_updated event without subteam.id: every group is read again.');
      usergroups.everythingChanged();
    }
  });
}

const USERGROUP_EVENTS = new RegExp(`^(?:${SLACK_EVENTS.membersChanged}|${SLACK_EVENTS.groupUpdated})$`);
