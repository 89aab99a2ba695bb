import { defineOperation } from '../operation.ts';
import { kinds, option, positional, rest } from '../param.ts';
import { senderName, senderOption } from './sender.ts';

export const pmOperation = defineOperation({
  name: 'pm',
  words: ['pm'],
  summary: 'Send a private message to one user of the chat',
  params: {
    user: positional(kinds.requiredText(64, 'user'), 'The chat user who receives it'),
    bold: option(kinds.flag(), 'Bold text'),
    italic: option(kinds.flag(), 'Italic text'),
    underline: option(kinds.flag(), 'Underlined text'),
    color: option(kinds.color(), 'Text colour, 0xRRGGBB or #RRGGBB'),
    emoticon: option(kinds.emoticon(), 'Emoticon shown with the message, e1 to e32'),
    as: senderOption,
    message: rest(kinds.requiredText(4000, 'message'), 'The message, as typed'),
  },
  examples: ['/chat pm alice Please keep it friendly.', '/chat pm bob bold=on color=#FF0000 Last warning.'],
  destructive: false,
  changesChat: true,
  async run(params, { identity, services }) {
    const sender = senderName(params.as, identity);
    await services.server.send({
      type: 'private_message',
      params: {
        dest_uid: params.user,
        msg: params.message,
        emotion: params.emoticon,
        owner_uid: sender,
        owner_nick: sender,
        b: params.bold,
        i: params.italic,
        u: params.underline,
        color: params.color,
      },
    });
    return {
      title: `Private message sent to ${params.user}`,
      text: params.message,
      fields: [{ label: 'From', value: sender }],
      severity: 'success',
      // Only the moderator sees what was said to one user.
      visibility: 'private',
    };
  },
});
