import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandCore } from '../../src/commands/command-core.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import { attachmentBytes, type Reply } from '../../src/replies/reply.ts';
import { replyFile } from '../shared/reply-file.ts';
import { renderText } from './render-text.ts';
import { showControls } from './show-controls.ts';

export interface ConsoleAdapterOptions {
  core: CommandCore;
  input: Readable;
  output: Writable;
  /** Show a prompt (interactive terminal); a pipe gets none. */
  interactive: boolean;
  /** Where attachments are written: full-length lists (long rosters) and charts (PNG). */
  attachmentsFolder: string;
  identity?: Identity;
}

const YES = new Set(['y', 'yes', 'confirm']);
const NO = new Set(['n', 'no', 'cancel']);

/**
 * The local console: one `/chat …` line at a time (the prefix optional), run as the identity
 * the config binds to the console. Resolves when the input ends and every line has been
 * answered, in order.
 */
export async function runConsoleAdapter(options: ConsoleAdapterOptions): Promise<void> {
  const identity: Identity = options.identity ?? {
    platform: 'console',
    userId: userInfo().username,
    groupIds: [],
  };
  const meta = { identity, channel: 'console' };
  const lines = createInterface({
    input: options.input,
    terminal: false,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  // renderText shows chat data's control characters as codes; this holds for the rest printed too.
  const write = (text: string) => options.output.write(`${showControls(text, { keepNewlines: true })}\n`);
  const prompt = () => {
    if (options.interactive) options.output.write('chat> ');
  };
  let pendingConfirmation: string | undefined;
  // Answers that can no longer be written (a closed pipe: `npm start | head`) end the session:
  // a command whose answer nobody would see is not run.
  let outputFailed = false;
  const onOutputError = () => {
    outputFailed = true;
    lines.close();
  };
  options.output.on('error', onOutputError);
  try {
    prompt();
    for await (const rawLine of lines) {
      if (outputFailed) break;
      if (rawLine.trim() !== '') await answer(rawLine);
      prompt();
    }
  } finally {
    options.output.off('error', onOutputError);
  }

  async function answer(rawLine: string): Promise<void> {
    let reply: Reply;
    const pending = pendingConfirmation;
    pendingConfirmation = undefined;
    const word = rawLine.trim().toLowerCase();
    if (pending !== undefined && YES.has(word))
      reply = await options.core.answerConfirmation(pending, 'confirm', meta);
    else if (pending !== undefined && NO.has(word))
      reply = await options.core.answerConfirmation(pending, 'cancel', meta);
    // Anything else is a new command; an open prompt is left to expire, as unanswered prompts do.
    else reply = await options.core.handleLine(rawLine, meta);
    pendingConfirmation = reply.confirmation?.id;
    write(renderText(reply));
    const file = replyFile(reply);
    if (file?.image) {
      // A terminal cannot show the picture: its path, and the picture as a line of text.
      write(`  Chart: ${await saveAttachment(options.attachmentsFolder, file.attachment)}`);
      if (file.attachment.textPreview) write(`  ${file.attachment.textPreview}`);
    } else if (file) {
      // The whole of a long list, or a file of its own (an audit export).
      const label = reply.list === undefined ? 'File' : 'Full list';
      write(`  ${label}: ${await saveAttachment(options.attachmentsFolder, file.attachment)}`);
    }
  }
}

async function saveAttachment(folder: string, attachment: NonNullable<Reply['attachment']>): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = resolve(join(folder, attachment.fileName));
  await writeFile(path, attachmentBytes(attachment));
  return path;
}
