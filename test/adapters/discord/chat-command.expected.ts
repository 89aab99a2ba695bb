/**
 * What `/chat` must be registered as, written out in Discord's command JSON for what the catalogue
 * (src/catalogue) declares today: the registration tests compare the bot's PUT body with this,
 * not with the builder's own output. Change it when the catalogue changes, on purpose.
 *
 * Schema, from Discord's documentation (developers/docs/interactions/application-commands,
 * "Application Command Object"): a CHAT_INPUT command (type 1) whose options are sub-commands
 * (option type 1) or sub-command groups (2, holding sub-commands only, one level deep); the
 * options of a sub-command are STRING (3), INTEGER (4) or BOOLEAN (5), required ones first;
 * names 1–32 lower-case characters, descriptions 1–100 characters, at most 25 options and 25
 * choices; `max_length` (STRING, 1–6000), `min_value`/`max_value` (INTEGER) and `autocomplete`
 * as documented for the option structure. `contexts: [0]` is the interaction context GUILD and
 * `integration_types: [0]` GUILD_INSTALL ("Interaction Context Types", "Application Integration
 * Types"): /chat exists in servers only.
 *
 * How the catalogue maps onto it (README "Installing in Discord, step by step"): one sub-command per
 * operation, a two-word operation inside the group of its first word; an operation whose word
 * is also a group is `show` in that group (`/chat alerts show`); a text parameter is a STRING
 * with its maximum length, a whole number an INTEGER with its range, a flag a BOOLEAN, a choice
 * of 25 or fewer a STRING with those choices, a room a STRING with autocomplete; a colour, an
 * emoticon, opening hours and a period are STRINGs checked by the core.
 */

const CHAT_INPUT = 1;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const GUILD = 0;
const GUILD_INSTALL = 0;

export const EXPECTED_CHAT_COMMAND = {
  type: CHAT_INPUT,
  name: 'chat',
  description: 'Run the 123 Flash Chat server: status, rooms, users, messages, audit',
  contexts: [GUILD],
  integration_types: [GUILD_INSTALL],
  options: [
    {
      name: 'status',
      type: SUB_COMMAND,
      description: 'Connections, logged-in users and rooms right now',
      options: [],
    },
    {
      name: 'rooms',
      type: SUB_COMMAND,
      description: 'Every room: id, name and users against capacity',
      options: [],
    },
    {
      name: 'full',
      type: SUB_COMMAND,
      description: 'Rooms at or over 90 % of their capacity (or the share given), fullest first',
      options: [
        {
          name: 'percent',
          type: INTEGER,
          description: 'How full a room must be, in percent of its capacity (default 90)',
          required: false,
          min_value: 1,
          max_value: 100,
        },
      ],
    },
    {
      name: 'who',
      type: SUB_COMMAND,
      description: 'Who is in a room, sorted by name',
      options: [
        {
          name: 'room',
          type: STRING,
          description: 'The room, by id or by name',
          required: true,
          autocomplete: true,
        },
      ],
    },
    {
      name: 'stats',
      type: SUB_COMMAND,
      description: 'A chart of users over time in a room, or logged in, with peak and average',
      options: [
        {
          name: 'room',
          type: STRING,
          description: 'The room, by id or by name; leave out for everyone logged in',
          required: false,
          autocomplete: true,
        },
        {
          name: 'period',
          type: STRING,
          description: 'How far back, e.g. 1h, 24h or 7d (default 24h)',
          required: false,
          max_length: 8,
        },
      ],
    },
    {
      name: 'broadcast',
      type: SUB_COMMAND,
      description: 'Send a message to every logged-in user of the chat',
      options: [
        {
          name: 'message',
          type: STRING,
          description: 'The message, as typed',
          required: true,
          max_length: 4000,
        },
        {
          name: 'as',
          type: STRING,
          description: 'Name to send as (default: your own name)',
          required: false,
          max_length: 64,
        },
      ],
    },
    {
      name: 'pm',
      type: SUB_COMMAND,
      description: 'Send a private message to one user of the chat',
      options: [
        {
          name: 'user',
          type: STRING,
          description: 'The chat user who receives it',
          required: true,
          max_length: 64,
        },
        {
          name: 'message',
          type: STRING,
          description: 'The message, as typed',
          required: true,
          max_length: 4000,
        },
        { name: 'bold', type: BOOLEAN, description: 'Bold text', required: false },
        { name: 'italic', type: BOOLEAN, description: 'Italic text', required: false },
        { name: 'underline', type: BOOLEAN, description: 'Underlined text', required: false },
        { name: 'color', type: STRING, description: 'Text colour, 0xRRGGBB or #RRGGBB', required: false },
        {
          name: 'emoticon',
          type: STRING,
          description: 'Emoticon shown with the message, e1 to e32',
          required: false,
        },
        {
          name: 'as',
          type: STRING,
          description: 'Name to send as (default: your own name)',
          required: false,
          max_length: 64,
        },
      ],
    },
    {
      name: 'room',
      type: SUB_COMMAND_GROUP,
      description: 'room: add, edit, delete',
      options: [
        {
          name: 'add',
          type: SUB_COMMAND,
          description: 'Add a room',
          options: [
            { name: 'name', type: STRING, description: 'The new room name', required: true, max_length: 100 },
            {
              name: 'max',
              type: INTEGER,
              description: 'Most users the room holds',
              required: false,
              min_value: 1,
              max_value: 100000,
            },
            {
              name: 'owner',
              type: STRING,
              description: 'The room moderator',
              required: false,
              max_length: 64,
            },
            { name: 'desc', type: STRING, description: 'Description', required: false, max_length: 500 },
            {
              name: 'speaker',
              type: STRING,
              description: 'The room speaker',
              required: false,
              max_length: 64,
            },
            {
              name: 'password',
              type: STRING,
              description: 'Password to enter the room (empty for none)',
              required: false,
              max_length: 64,
            },
            { name: 'guests', type: BOOLEAN, description: 'Whether guests may enter', required: false },
            {
              name: 'moderated',
              type: BOOLEAN,
              description: 'Moderator chat mode: messages wait for approval',
              required: false,
            },
            { name: 'open', type: BOOLEAN, description: 'Whether the room is open', required: false },
            {
              name: 'display',
              type: STRING,
              description: 'text: listed in text and avatar clients; avatar: avatar client only',
              required: false,
              choices: [
                { name: 'text', value: 'text' },
                { name: 'avatar', value: 'avatar' },
              ],
            },
            {
              name: 'welcome',
              type: STRING,
              description: 'Welcome message',
              required: false,
              max_length: 500,
            },
            {
              name: 'audio',
              type: BOOLEAN,
              description: 'Audio (needs the audio/video module)',
              required: false,
            },
            {
              name: 'video',
              type: BOOLEAN,
              description: 'Video (needs the audio/video module)',
              required: false,
            },
            {
              name: 'whiteboard',
              type: BOOLEAN,
              description: 'Whiteboard (needs the whiteboard module)',
              required: false,
            },
            {
              name: 'hours',
              type: STRING,
              description: 'Opening hours, e.g. "day2 00:00-10:00" (needs the event module)',
              required: false,
            },
          ],
        },
        {
          name: 'edit',
          type: SUB_COMMAND,
          description: "Change a room's settings",
          options: [
            {
              name: 'room',
              type: STRING,
              description: 'The room, by id or by name',
              required: true,
              autocomplete: true,
            },
            { name: 'name', type: STRING, description: 'A new name', required: false, max_length: 100 },
            {
              name: 'max',
              type: INTEGER,
              description: 'Most users the room holds',
              required: false,
              min_value: 1,
              max_value: 100000,
            },
            {
              name: 'owner',
              type: STRING,
              description: 'The room moderator',
              required: false,
              max_length: 64,
            },
            { name: 'desc', type: STRING, description: 'Description', required: false, max_length: 500 },
            {
              name: 'speaker',
              type: STRING,
              description: 'The room speaker',
              required: false,
              max_length: 64,
            },
            {
              name: 'password',
              type: STRING,
              description: 'Password to enter the room (empty for none)',
              required: false,
              max_length: 64,
            },
            { name: 'guests', type: BOOLEAN, description: 'Whether guests may enter', required: false },
            {
              name: 'moderated',
              type: BOOLEAN,
              description: 'Moderator chat mode: messages wait for approval',
              required: false,
            },
            { name: 'open', type: BOOLEAN, description: 'Whether the room is open', required: false },
            {
              name: 'display',
              type: STRING,
              description: 'text: listed in text and avatar clients; avatar: avatar client only',
              required: false,
              choices: [
                { name: 'text', value: 'text' },
                { name: 'avatar', value: 'avatar' },
              ],
            },
            {
              name: 'welcome',
              type: STRING,
              description: 'Welcome message',
              required: false,
              max_length: 500,
            },
            {
              name: 'audio',
              type: BOOLEAN,
              description: 'Audio (needs the audio/video module)',
              required: false,
            },
            {
              name: 'video',
              type: BOOLEAN,
              description: 'Video (needs the audio/video module)',
              required: false,
            },
            {
              name: 'whiteboard',
              type: BOOLEAN,
              description: 'Whiteboard (needs the whiteboard module)',
              required: false,
            },
            {
              name: 'hours',
              type: STRING,
              description: 'Opening hours, e.g. "day2 00:00-10:00" (needs the event module)',
              required: false,
            },
          ],
        },
        {
          name: 'delete',
          type: SUB_COMMAND,
          description: 'Delete a room; everyone in it leaves',
          options: [
            {
              name: 'room',
              type: STRING,
              description: 'The room, by id or by name',
              required: true,
              autocomplete: true,
            },
          ],
        },
      ],
    },
    {
      name: 'group',
      type: SUB_COMMAND_GROUP,
      description: 'group: start, stop',
      options: [
        {
          name: 'start',
          type: SUB_COMMAND,
          description: 'Start a chat group',
          options: [
            {
              name: 'group',
              type: STRING,
              description: 'The group (default: the configured one)',
              required: false,
              max_length: 64,
            },
          ],
        },
        {
          name: 'stop',
          type: SUB_COMMAND,
          description: 'Stop a chat group; every user is disconnected',
          options: [
            {
              name: 'group',
              type: STRING,
              description: 'The group (default: the configured one)',
              required: false,
              max_length: 64,
            },
          ],
        },
      ],
    },
    {
      name: 'alerts',
      type: SUB_COMMAND_GROUP,
      description: 'alerts: show, mute, unmute',
      options: [
        {
          name: 'show',
          type: SUB_COMMAND,
          description: 'The alert rules, what each is alerting about now, and mutes',
          options: [],
        },
        {
          name: 'mute',
          type: SUB_COMMAND,
          description: 'Mute an alert rule for a while; its state is still tracked',
          options: [
            {
              name: 'rule',
              type: STRING,
              description: 'The alert rule, by name (see /chat alerts)',
              required: true,
              max_length: 64,
            },
            {
              name: 'duration',
              type: STRING,
              description: 'How long, e.g. 30m or 2h (at most 720h)',
              required: true,
              max_length: 16,
            },
          ],
        },
        {
          name: 'unmute',
          type: SUB_COMMAND,
          description: 'End the mute of an alert rule',
          options: [
            {
              name: 'rule',
              type: STRING,
              description: 'The alert rule, by name (see /chat alerts)',
              required: true,
              max_length: 64,
            },
          ],
        },
      ],
    },
    {
      name: 'audit',
      type: SUB_COMMAND_GROUP,
      description: 'audit: show, export',
      options: [
        {
          name: 'show',
          type: SUB_COMMAND,
          description: 'The last entries of the audit log, filtered by user, operation, time or outcome',
          options: [
            {
              name: 'count',
              type: INTEGER,
              description: 'How many entries (default 10, at most 100)',
              required: false,
              min_value: 1,
              max_value: 100,
            },
            {
              name: 'user',
              type: STRING,
              description: 'Only this user: their id, or their name in any case',
              required: false,
              max_length: 100,
            },
            {
              name: 'op',
              type: STRING,
              description: 'Only this operation (room.delete) or family (room.*)',
              required: false,
              max_length: 64,
            },
            {
              name: 'since',
              type: STRING,
              description: 'Only entries since then: a duration ago (24h) or a date (2026-11-28)',
              required: false,
              max_length: 40,
            },
            {
              name: 'outcome',
              type: STRING,
              description: 'Only entries with this outcome',
              required: false,
              choices: [
                { name: 'ok', value: 'ok' },
                { name: 'failed', value: 'failed' },
                { name: 'not_run', value: 'not_run' },
              ],
            },
          ],
        },
        {
          name: 'export',
          type: SUB_COMMAND,
          description: 'The audit log as a JSONL file: every entry, or those since a time',
          options: [
            {
              name: 'since',
              type: STRING,
              description: 'From when: a duration ago (24h) or a date (2026-11-28); default all',
              required: false,
              max_length: 40,
            },
          ],
        },
      ],
    },
    {
      name: 'help',
      type: SUB_COMMAND,
      description: 'What you may run here, or how to use one operation',
      options: [
        {
          name: 'operation',
          type: STRING,
          description: 'An operation, e.g. "room add"',
          required: false,
          max_length: 100,
        },
      ],
    },
  ],
};
