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
  const raw = text.replace(/\0[\s\S]*$/, '').trim();
  if (raw === '') throw new ReplyParseError('the reply is empty');
  if (/<!DOCTYPE/i.test(raw))
    throw new ReplyParseError('the reply declares a DOCTYPE, which is never accepted');
  const validation = XMLValidator.validate(raw);
  if (validation !== true) {
    throw new ReplyParseError(
      `the reply is not well-formed XML (${validation.err.msg}, line ${validation.err.line})`,
    );
  }
  const nodes = parser.parse(raw) as OrderedNode[];
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
