import type { Reply } from '../../replies/reply.ts';
import { defineOperation } from '../operation.ts';
import { kinds, optionalRest } from '../param.ts';
import type { HelpEntry } from '../services.ts';

export const helpOperation = defineOperation({
  name: 'help',
  words: ['help'],
  summary: 'What you may run here, or how to use one operation',
  params: { operation: optionalRest(kinds.text(100, 'operation'), 'An operation, e.g. "room add"') },
  examples: ['/chat help', '/chat help room add'],
  destructive: false,
  changesChat: false,
  async run({ operation }, { identity, services }) {
    const permitted = services.help.permitted(identity);
    if (operation === undefined || operation.trim() === '') {
      return {
        title: 'flashchat-ops: what you may run',
        text:
          permitted.length === 0
            ? 'You may not run any operation here.'
            : 'Type /chat help <operation> for details.',
        list: {
          heading: 'Operations',
          items: permitted.map((entry) => `${entry.usage} · ${entry.summary}`),
          pageSize: 50,
        },
        severity: 'info',
        visibility: 'private',
      };
    }
    const words = operation.trim().toLowerCase().split(/\s+/);
    const entry = services.help.find(words);
    if (!entry) {
      const matching = permitted.filter((candidate) => candidate.label.startsWith(`${words.join(' ')} `));
      return {
        title: `No operation "${words.join(' ')}"`,
        text:
          matching.length > 0
            ? `Did you mean: ${matching.map((candidate) => candidate.label).join(', ')}?`
            : 'Type /chat help for the list.',
        severity: 'warning',
        visibility: 'private',
      };
    }
    return describeEntry(entry, permitted.includes(entry));
  },
});

function describeEntry(entry: HelpEntry, mayRun: boolean): Reply {
  return {
    title: `/chat ${entry.label}`,
    text: `${entry.summary}${entry.destructive ? ' (asks for confirmation)' : ''}\nUsage: ${entry.usage}${mayRun ? '' : '\nYou may not run this operation.'}`,
    fields: entry.options.map((opt) => ({ label: `${opt.name}=${opt.placeholder}`, value: opt.description })),
    list: { heading: 'Examples', items: entry.examples, pageSize: 50 },
    severity: 'info',
    visibility: 'private',
  };
}
