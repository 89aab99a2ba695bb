import { isImageAttachment, type Reply, type ReplyAttachment } from '../../src/replies/reply.ts';

const COUNT = new Intl.NumberFormat('en-US');

/**
 * The attachment policy, the same on every platform: a reply's file always reaches the user
 * (a chart to look at, a long list whole, any other file), whatever the length of its list.
 */
export interface ReplyFile {
  attachment: ReplyAttachment;
  /** A picture (a chart) is shown; any other file is offered. */
  image: boolean;
}

export function replyFile(reply: Reply): ReplyFile | undefined {
  const attachment = reply.attachment;
  return attachment === undefined ? undefined : { attachment, image: isImageAttachment(attachment) };
}

/** What a reply says about its file, where the platform sends the file apart from the reply. */
export function fileSentNote(reply: Reply, file: ReplyFile, where: string, paged: boolean): string {
  const name = file.attachment.fileName;
  if (file.image) return `The chart is in ${name}, sent to ${where}.`;
  if (reply.list !== undefined && paged)
    return `The whole list (${COUNT.format(reply.list.items.length)} items) is in ${name}, sent to ${where}.`;
  return `${name} was sent to ${where}.`;
}
