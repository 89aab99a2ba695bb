import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/catalogue/catalogue.ts';
import { validateParams } from '../../src/catalogue/validate.ts';
import { parseLine } from '../../src/grammar/parse-line.ts';
import { findForbiddenChar } from '../../src/protocol/xml-text.ts';
import { ServerApiClient } from '../../src/transport/server-api-client.ts';
import { ADMIN_CONFIG, API_PASSWORD, type Stack, startStack } from '../e2e/harness.ts';

// Property-based tests over the grammar and the XML builder: 10,000+ random inputs a run.
// No input may crash anything, and every accepted value must reach the emulator exactly as
// typed: a value can never add or change an attribute, a command, or the framing.

const META = { identity: { platform: 'console' as const, userId: 'fuzz', userName: 'fuzz', groupIds: [] } };
const nasty = fc.constantFrom(
  '"',
  "'",
  '“',
  '”',
  '\\',
  '=',
  '<',
  '>',
  '&',
  ';',
  '\0',
  '\n',
  '\r',
  '\t',
  ' ',
  '/>',
  ']]>',
  '&#0;',
  '&amp;',
  '\uD800',
  '😀',
  'ש',
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(nasty, fc.string({ maxLength: 4 })), { maxLength: 20 })
      .map((parts) => parts.join('')),
  },
);
const sendable = (value: string) => value.trim() !== '' && findForbiddenChar(value) === undefined;
/** The way a moderator quotes any text so that it reaches the server as it is. */
const quoted = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

let stack: Stack;
let client: ServerApiClient;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  client = new ServerApiClient({ port: stack.emulator.serverApiPort, apiPassword: API_PASSWORD });
});
afterAll(async () => stack?.close());

describe('fuzzing', () => {
  it('the grammar and validation never throw, whatever the line (10,000 lines)', () => {
    const words = fc.constantFrom(
      '/chat',
      'room',
      'add',
      'edit',
      'delete',
      'pm',
      'who',
      'broadcast',
      'max=',
      'hours=',
      'color=',
      'group',
      'help',
    );
    const line = fc.array(fc.oneof(words, text), { maxLength: 8 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(line, (typed) => {
        const parsed = parseLine(typed, CATALOGUE);
        if (parsed.ok) validateParams(parsed.operation, parsed.values);
      }),
      { numRuns: 10_000 },
    );
  });

  it('the wire: every sendable value arrives exactly as given, in exactly one command (10,000 commands)', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, async (userid, msg) => {
        const before = stack.emulator.acceptedCommands.length;
        if (!sendable(userid) || !sendable(msg)) {
          await expect(client.send({ type: 'broadcast', params: { userid, msg } })).rejects.toThrow();
          expect(stack.emulator.acceptedCommands.length).toBe(before);
          return;
        }
        await client.send({ type: 'broadcast', params: { userid, msg } });
        const accepted = stack.emulator.acceptedCommands.slice(before);
        expect(accepted).toHaveLength(1);
        expect(accepted[0]?.type).toBe('broadcast');
        expect(accepted[0]?.params).toEqual({ userid, msg });
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('through the whole command path: a quoted value typed by a moderator reaches the server as typed', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, async (name, description) => {
        const before = stack.emulator.acceptedCommands.length;
        const asked = await stack.runtime.core.handleLine(
          `room add ${quoted(name)} desc=${quoted(description)}`,
          META,
        );
        // A name drawn twice is a room that exists: adding it again is asked first, then confirmed.
        const reply =
          asked.confirmation === undefined
            ? asked
            : await stack.runtime.core.answerConfirmation(asked.confirmation.id, 'confirm', META);
        const accepted = stack.emulator.acceptedCommands.slice(before);
        const acceptable =
          sendable(name) &&
          findForbiddenChar(description) === undefined &&
          name.length <= 100 &&
          description.length <= 500;
        if (!acceptable) {
          expect(reply.severity).toBe('error');
          expect(accepted).toHaveLength(0);
          return;
        }
        expect(reply.severity, reply.text).toBe('success');
        expect(accepted).toHaveLength(1);
        expect(accepted[0]?.params).toEqual({ name, desc: description });
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);
});
