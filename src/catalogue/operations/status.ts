import { defineOperation } from '../operation.ts';
import { describeAge, statusProblemReply } from './status-problems.ts';

export const statusOperation = defineOperation({
  name: 'status',
  words: ['status'],
  summary: 'Connections, logged-in users and rooms right now',
  params: {},
  examples: ['/chat status'],
  destructive: false,
  changesChat: false,
  async run(_params, { services }) {
    const online = await services.status.online();
    if (online.status !== 'ok') return statusProblemReply(online, `group ${services.group}`);
    return {
      title: `Chat server status (group ${services.group})`,
      fields: [
        { label: 'Connections', value: String(online.counts.connections) },
        { label: 'Logged in', value: String(online.counts.loggedIn) },
        { label: 'Rooms', value: String(online.counts.rooms) },
        { label: 'Data age', value: describeAge(online) },
      ],
      severity: online.staleBecause === undefined ? 'info' : 'warning',
      visibility: 'private',
    };
  },
});
