import type { z } from 'zod';
import { InvalidCommandError, type ParameterProblem } from './errors.ts';
import { SERVER_COMMANDS, type ServerCommand } from './server-commands.ts';
import { xmlText } from './wire-values.ts';
import { escapeAttribute } from './xml-text.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export interface CommandAddress {
  group: string;
  apiPassword: string;
}

type OpeningTime = { o: string; s: string; e: string };

// Built once: constructing a zod schema costs more than the command's whole XML.
const groupName = xmlText.min(1, 'must not be empty');

/**
 * Writes one command as the manual shows it:
 * `<?xml version="1.0" encoding="UTF-8"?><Command group=".." api_pwd=".." type=".." .../>`,
 * with the `roomOpen` schedule as a child element when there is one. Every value is validated and
 * escaped, so the result can be framed and sent as it is. Throws InvalidCommandError, naming each
 * bad parameter, when any value cannot be sent.
 */
export function buildCommandXml(command: ServerCommand, address: CommandAddress): string {
  const group = command.group ?? address.group;
  const params = parseParams(command, group);
  const attributes: Array<[string, string]> = [
    ['group', group],
    ['api_pwd', address.apiPassword],
    ['type', command.type],
  ];
  let schedule: OpeningTime[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (name === 'roomOpen') schedule = value as OpeningTime[];
    else attributes.push([name, String(value)]);
  }
  const opening = `${XML_DECLARATION}<Command ${attributes.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(' ')}`;
  if (schedule.length === 0) return `${opening}/>`;
  const times = schedule
    .map(
      (time) =>
        `<Time o="${escapeAttribute(time.o)}" s="${escapeAttribute(time.s)}" e="${escapeAttribute(time.e)}"/>`,
    )
    .join('');
  return `${opening}><roomOpen>${times}</roomOpen></Command>`;
}

function parseParams(command: ServerCommand, group: string): Record<string, unknown> {
  const problems: ParameterProblem[] = [];
  const groupCheck = groupName.safeParse(group);
  if (!groupCheck.success) problems.push(...toProblems(groupCheck.error, 'group'));
  const schema: z.ZodType = SERVER_COMMANDS[command.type].params;
  const parsed = schema.safeParse(command.params ?? {});
  if (!parsed.success) problems.push(...toProblems(parsed.error, undefined, command.params));
  if (problems.length > 0 || !parsed.success) throw new InvalidCommandError(command.type, problems);
  return parsed.data as Record<string, unknown>;
}

function toProblems(error: z.ZodError, parameter?: string, given?: object): ParameterProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ parameter: key, message: 'is not a parameter of this command' }));
    }
    const missing =
      issue.code === 'invalid_type' && given !== undefined && valueAt(given, issue.path) === undefined;
    return [
      {
        parameter: parameter ?? issue.path.map(String).join('.'),
        message: missing ? 'is required' : issue.message,
      },
    ];
  });
}

function valueAt(root: object, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
