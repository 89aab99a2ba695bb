import { defineOperation } from '../operation.ts';
import { kinds, optionalPositional } from '../param.ts';

const groupParam = optionalPositional(kinds.text(64, 'group'), 'The group (default: the configured one)');

export const groupStartOperation = defineOperation({
  name: 'group.start',
  words: ['group', 'start'],
  summary: 'Start a chat group',
  params: { group: groupParam },
  examples: ['/chat group start', '/chat group start default'],
  destructive: false,
  changesChat: true,
  async run({ group }, { services }) {
    const target = group?.trim() || services.group;
    await services.server.send({ type: 'start_group', group: target, params: {} });
    return { title: `Group ${target} started`, severity: 'success', visibility: 'channel' };
  },
});

export const groupStopOperation = defineOperation({
  name: 'group.stop',
  words: ['group', 'stop'],
  summary: 'Stop a chat group; every user is disconnected',
  params: { group: groupParam },
  examples: ['/chat group stop'],
  destructive: true,
  changesChat: true,
  confirmQuestion: ({ group }, { services }) =>
    `Stop group ${group?.trim() || services.group}? Every user is disconnected until it is started again.`,
  async run({ group }, { services }) {
    const target = group?.trim() || services.group;
    await services.server.send({ type: 'stop_group', group: target, params: {} });
    return {
      title: `Group ${target} stopped`,
      text: 'Users cannot connect until /chat group start.',
      severity: 'success',
      visibility: 'channel',
    };
  },
});
