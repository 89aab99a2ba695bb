import { defineOperation } from '../operation.ts';
import { kinds, rest } from '../param.ts';
import { senderName, senderOption } from './sender.ts';

export const broadcastOperation = defineOperation({
  name: 'broadcast',
  words: ['broadcast'],
  summary: 'Send a message to every logged-in user of the chat',
  params: {
    as: senderOption,
    message: rest(kinds.requiredText(4000, 'message'), 'The message, as typed'),
  },
  examples: [
    '/chat broadcast The chat closes at 22:00 tonight',
    '/chat broadcast as=Staff "Welcome, everyone!"',
  ],
  destructive: false,
  changesChat: true,
  async run({ as, message }, { identity, services }) {
    const sender = senderName(as, identity);
    await services.server.send({ type: 'broadcast', params: { userid: sender, msg: message } });
    return {
      title: 'Broadcast sent',
      text: message,
      fields: [{ label: 'From', value: sender }],
      severity: 'success',
      visibility: 'channel',
    };
  },
});
