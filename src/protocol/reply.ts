import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readAttributeValue, XmlTextError } from './xml-text.ts';

/** What the server answered: the root element's attributes, and the raw text for logs. */
export interface ServerReply {
  root: string;
  /** The root's `result` attribute: a new room id, `0`, or a negative refusal code. */
  result: string;
  attributes: Readonly<Record<string, string>>;
  raw: string;
}

export class ReplyParseError extends Error {
  override name = 'ReplyParseError';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities are resolved by readAttributeValue, which knows only XML's five and character
  // references: nothing a reply declares can ever be expanded.
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  preserveOrder: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Reads a reply whatever its root element is called. The text may carry the zero byte that
 * ended it and surrounding white space. Throws ReplyParseError when it is not a well-formed
 * document whose root has a `result` attribute.
 */
export function parseReply(text: string): ServerReply {
  const raw = withoutZeroByte(text).trim();
  if (raw === '') throw new ReplyParseError('the reply is empty');
  return readSingleElement(raw) ?? readDocument(raw);
}

/**
 * parseReply without its shortcut: every reply through the validator and the parser. Exported
 * so that the shortcut can be checked against it; the rest of the code calls parseReply.
 */
export function parseReplyDocument(text: string): ServerReply {
  const raw = withoutZeroByte(text).trim();
  if (raw === '') throw new ReplyParseError('the reply is empty');
  return readDocument(raw);
}

/** The text before the zero byte that ended the reply, if it is there. */
function withoutZeroByte(text: string): string {
  const zeroAt = text.indexOf('\0');
  return zeroAt === -1 ? text : text.slice(0, zeroAt);
}

/**
 * The shape nearly every reply has, read without the validator and the parser (about 2 µs a
 * reply instead of 9, on every command): an optional declaration, then one empty element with
 * double-quoted attributes, e.g. `<?xml version="1.0" encoding="UTF-8"?><Response type="broadcast"
 * result="0" message="…"/>`. Only a strict subset of well-formed XML matches, read exactly as the
 * parser reads it; anything else (children, single quotes, character references, a repeated
 * attribute, a name outside plain ASCII) goes the general way.
 */
const SINGLE_ELEMENT =
  /^(?:<\?xml version="1\.0"(?: encoding="UTF-8")?\?>)?[ \t\r\n]*<([A-Za-z][\w.-]*)((?:[ \t\r\n]+[A-Za-z][\w.-]*="(?:[^"<&]|&(?:lt|gt|amp|quot|apos);)*")*)[ \t\r\n]*\/>$/;
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z][\w.-]*)="([^"]*)"/g;

function readSingleElement(raw: string): ServerReply | undefined {
  const match = SINGLE_ELEMENT.exec(raw);
  if (match === null) return undefined;
  const root = match[1] ?? '';
  if (isObjectMember(root)) return undefined;
  const attributes: Record<string, string> = {};
  const list = match[2] ?? '';
  ATTRIBUTE.lastIndex = 0;
  for (let found = ATTRIBUTE.exec(list); found !== null; found = ATTRIBUTE.exec(list)) {
    const [, name = '', value = ''] = found;
    // A repeated attribute is not well-formed: the general way says so.
    if (isObjectMember(name) || Object.hasOwn(attributes, name)) return undefined;
    try {
      attributes[name] = readAttributeValue(value);
    } catch (error) {
      if (error instanceof XmlTextError) return undefined;
      throw error;
    }
  }
  const result = attributes.result;
  if (result === undefined) return undefined;
  return { root, result, attributes, raw };
}

/** Names the parser refuses or renames (`constructor`, `toString`, …): left to it. */
const OBJECT_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function isObjectMember(name: string): boolean {
  return OBJECT_MEMBERS.has(name);
}

/**
 * The most the general path reads. A reply is one element of a few hundred bytes; the validator
 * takes more than linear time in the number of attributes (a 1 MB reply of them, the most the
 * client reads, cost about 0.2 s of the event loop: test/stress/parse-time.stress.ts), so a text
 * far longer than any reply is refused before it is validated.
 */
export const MAX_GENERAL_REPLY_CHARS = 64 * 1024;

function readDocument(raw: string): ServerReply {
  if (raw.length > MAX_GENERAL_REPLY_CHARS) {
    throw new ReplyParseError(
      `the reply is ${raw.length} characters long, more than the ${MAX_GENERAL_REPLY_CHARS} a reply may have`,
    );
  }
  if (/<!DOCTYPE/i.test(raw))
    throw new ReplyParseError('the reply declares a DOCTYPE, which is never accepted');
  const validation = XMLValidator.validate(raw);
  if (validation !== true) {
    throw new ReplyParseError(
      `the reply is not well-formed XML (${validation.err.msg}, line ${validation.err.line})`,
    );
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(raw) as OrderedNode[];
  } catch (error) {
    // The parser refuses some names outright (e.g. `__proto__`, `constructor`): still an unreadable reply.
    throw new ReplyParseError(
      `the reply cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const rootNode = nodes.find((node) =>
    Object.keys(node).some((key) => key !== ':@' && !key.startsWith('#')),
  );
  if (!rootNode) throw new ReplyParseError('the reply has no root element');
  const root = Object.keys(rootNode).find((key) => key !== ':@') ?? '';
  const attributes: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(rootNode[':@'] ?? {}))
      attributes[name] = readAttributeValue(value);
  } catch (error) {
    if (error instanceof XmlTextError)
      throw new ReplyParseError(`the reply's attributes are not valid XML: ${error.message}`);
    throw error;
  }
  const result = attributes.result;
  if (result === undefined)
    throw new ReplyParseError(`the reply's root element <${root}> has no result attribute`);
  return { root, result, attributes, raw };
}
