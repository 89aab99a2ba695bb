/**
 * Slack's Block Kit and message limits, written out from Slack's documentation (and, where Slack
 * documents none, from what its maintainers said), not imported from the adapter: the checker is
 * an oracle independent of the renderer it checks. Pages, under https://docs.slack.dev/reference/:
 *   block-kit/blocks                                  up to 50 blocks in a message
 *   block-kit/blocks (every block)                    block_id: at most 255 characters
 *   block-kit/composition-objects/text-object         type plain_text or mrkdwn; text 1–3000;
 *                                                     emoji only on plain_text, verbatim only on mrkdwn
 *   block-kit/blocks/section-block                    text 1–3000; fields: at most 10, each at most
 *                                                     2000; text or fields required
 *   block-kit/blocks/header-block                     text: plain_text, at most 150
 *   block-kit/blocks/context-block                    elements: image or text objects, at most 10
 *   block-kit/blocks/actions-block                    elements: at most 25
 *   block-kit/blocks/image-block                      image_url at most 3000, alt_text at most 2000,
 *                                                     title plain_text at most 2000
 *   block-kit/block-elements/button-element           text plain_text at most 75; action_id at most
 *                                                     255, unique in its block; value at most 2000;
 *                                                     url at most 3000; style primary or danger;
 *                                                     accessibility_label at most 75
 *   block-kit/composition-objects/confirmation-dialog-object
 *                                                     title plain_text at most 100; text at most 300;
 *                                                     confirm and deny plain_text at most 30;
 *                                                     style primary or danger
 *   methods/chat.postMessage                          text or blocks required (no_text); Slack
 *                                                     truncates a text over 40,000 characters
 *                                                     (msg_too_long); invalid_blocks,
 *                                                     invalid_blocks_format, msg_blocks_too_long
 * msg_blocks_too_long has no documented threshold: Slack's maintainers answered in
 * slackapi/bolt-js#2509 that it is about 12,000 characters of text (plus a buffer for the blocks
 * around them); that issue saw it at ~13,200. (The same limits are in @slack/types' doc comments,
 * which are taken from those pages.) Lengths are counted in UTF-16 code units, as JavaScript
 * counts them: never fewer than the characters Slack counts, so never laxer.
 */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  blockId: 255,
  textObject: 3000,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40_000,
  blocksTextTotal: 12_000,
} as const;

/** The renderer's own margin under msg_blocks_too_long, on the serialised blocks (bolt-js#2509). */
export const TOTAL_BLOCKS_JSON_MAX = 12_000;

/** How Slack refuses a message: its error code, and what is wrong, each with where (a JSON pointer). */
export interface BlockKitRefusal {
  error: 'no_text' | 'msg_too_long' | 'invalid_blocks_format' | 'invalid_blocks' | 'msg_blocks_too_long';
  problems: string[];
}

/** What a message carries, as chat.postMessage / chat.update params or a response_url body. */
export interface MessageToCheck {
  text?: unknown;
  /** An array, or (Web API form params) its JSON. */
  blocks?: unknown;
  /** A response_url body that only deletes the original needs neither text nor blocks. */
  delete_original?: unknown;
}

/** Why Slack would refuse this message, or undefined when it would take it. */
export function blockKitRefusal(message: MessageToCheck): BlockKitRefusal | undefined {
  const text = message.text;
  let blocks = message.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks) as unknown;
    } catch {
      return { error: 'invalid_blocks_format', problems: ['blocks is not JSON'] };
    }
  }
  if (blocks !== undefined && !Array.isArray(blocks))
    return { error: 'invalid_blocks_format', problems: ['blocks is not an array'] };
  const hasText = typeof text === 'string' && text !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!hasText && !hasBlocks && message.delete_original !== true && message.delete_original !== 'true')
    return { error: 'no_text', problems: ['neither text nor blocks'] };
  if (typeof text === 'string' && text.length > BLOCK_KIT_LIMITS.messageText)
    return {
      error: 'msg_too_long',
      problems: [`text is ${text.length} characters, more than ${BLOCK_KIT_LIMITS.messageText}`],
    };
  if (!Array.isArray(blocks)) return undefined;
  const check = new Checker();
  check.message(blocks);
  if (check.problems.length > 0) return { error: 'invalid_blocks', problems: check.problems };
  if (check.textTotal > BLOCK_KIT_LIMITS.blocksTextTotal)
    return {
      error: 'msg_blocks_too_long',
      problems: [
        `the blocks hold ${check.textTotal} characters of text, more than ${BLOCK_KIT_LIMITS.blocksTextTotal}`,
      ],
    };
  return undefined;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Walks a message's blocks, collecting every problem with its JSON pointer, and the text total. */
class Checker {
  readonly problems: string[] = [];
  textTotal = 0;

  message(blocks: unknown[]): void {
    const L = BLOCK_KIT_LIMITS;
    if (blocks.length > L.blocksPerMessage)
      this.problem('/blocks', `${blocks.length} blocks, more than ${L.blocksPerMessage}`);
    blocks.forEach((block, index) => {
      this.block(block, `/blocks/${index}`);
    });
  }

  block(block: unknown, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    if (!isObject(block)) {
      this.problem(at, 'a block must be an object');
      return;
    }
    this.optionalString(block.block_id, L.blockId, `${at}/block_id`);
    switch (block.type) {
      case 'section': {
        this.section(block, at);
        return;
      }
      case 'header': {
        this.text(block.text, `${at}/text`, L.headerText, 'plain_text');
        return;
      }
      case 'context': {
        this.context(block, at);
        return;
      }
      case 'actions': {
        this.actions(block, at);
        return;
      }
      case 'divider':
        return;
      case 'image': {
        this.image(block, at);
        return;
      }
      default: {
        this.problem(
          `${at}/type`,
          `block type ${JSON.stringify(block.type)} is not one this stand-in checks (add its limits here first)`,
        );
        return;
      }
    }
  }

  section(block: Json, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    if (block.text === undefined && block.fields === undefined)
      this.problem(at, 'a section needs text or fields');
    if (block.text !== undefined) this.text(block.text, `${at}/text`, L.sectionText);
    if (block.fields !== undefined) {
      if (!Array.isArray(block.fields)) {
        this.problem(`${at}/fields`, 'fields must be an array');
        return;
      }
      if (block.fields.length > L.fieldsPerSection)
        this.problem(`${at}/fields`, `${block.fields.length} fields, more than ${L.fieldsPerSection}`);
      block.fields.forEach((field, index) => {
        this.text(field, `${at}/fields/${index}`, L.fieldText);
      });
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${at}/accessory`, new Set());
  }

  context(block: Json, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    if (!Array.isArray(block.elements) || block.elements.length === 0) {
      this.problem(`${at}/elements`, 'a context block needs elements');
      return;
    }
    if (block.elements.length > L.contextElements)
      this.problem(`${at}/elements`, `${block.elements.length} elements, more than ${L.contextElements}`);
    block.elements.forEach((element, index) => {
      const where = `${at}/elements/${index}`;
      if (isObject(element) && element.type === 'image') this.imageElement(element, where);
      else this.text(element, where, L.textObject);
    });
  }

  actions(block: Json, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    if (!Array.isArray(block.elements) || block.elements.length === 0) {
      this.problem(`${at}/elements`, 'an actions block needs elements');
      return;
    }
    if (block.elements.length > L.actionsElements)
      this.problem(`${at}/elements`, `${block.elements.length} elements, more than ${L.actionsElements}`);
    const actionIds = new Set<string>();
    block.elements.forEach((element, index) => {
      this.element(element, `${at}/elements/${index}`, actionIds);
    });
  }

  image(block: Json, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    this.imageElement(block, at);
    if (block.title !== undefined) this.text(block.title, `${at}/title`, L.imageTitle, 'plain_text');
  }

  imageElement(image: Json, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    this.requiredString(image.image_url, L.imageUrl, `${at}/image_url`);
    this.requiredString(image.alt_text, L.imageAltText, `${at}/alt_text`);
  }

  /** An interactive element: only buttons are modelled (the adapter uses no other). */
  element(element: unknown, at: string, actionIds: Set<string>): void {
    const L = BLOCK_KIT_LIMITS;
    if (!isObject(element) || element.type !== 'button') {
      this.problem(at, 'only button elements are checked by this stand-in');
      return;
    }
    this.text(element.text, `${at}/text`, L.buttonText, 'plain_text');
    if (this.optionalString(element.action_id, L.actionId, `${at}/action_id`)) {
      const actionId = element.action_id as string;
      if (actionIds.has(actionId))
        this.problem(`${at}/action_id`, `action_id ${actionId} is used twice in this block`);
      actionIds.add(actionId);
    }
    this.optionalString(element.value, L.buttonValue, `${at}/value`);
    this.optionalString(element.url, L.buttonUrl, `${at}/url`);
    this.optionalString(element.accessibility_label, L.accessibilityLabel, `${at}/accessibility_label`);
    this.style(element.style, `${at}/style`);
    if (element.confirm !== undefined) this.confirm(element.confirm, `${at}/confirm`);
  }

  confirm(confirm: unknown, at: string): void {
    const L = BLOCK_KIT_LIMITS;
    if (!isObject(confirm)) {
      this.problem(at, 'confirm must be an object');
      return;
    }
    if (confirm.title !== undefined) this.text(confirm.title, `${at}/title`, L.confirmTitle, 'plain_text');
    this.text(confirm.text, `${at}/text`, L.confirmText);
    if (confirm.confirm !== undefined)
      this.text(confirm.confirm, `${at}/confirm`, L.confirmButton, 'plain_text');
    if (confirm.deny !== undefined) this.text(confirm.deny, `${at}/deny`, L.confirmButton, 'plain_text');
    this.style(confirm.style, `${at}/style`);
  }

  /** A text object: its type, its length (1 to `max`), and the flags each type allows. */
  text(value: unknown, at: string, max: number, only?: 'plain_text'): void {
    if (!isObject(value)) {
      this.problem(at, 'a text object is required here');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.problem(`${at}/type`, `text object type ${JSON.stringify(value.type)}: plain_text or mrkdwn`);
      return;
    }
    if (only !== undefined && value.type !== only) this.problem(`${at}/type`, `must be ${only} here`);
    if (value.emoji !== undefined && value.type !== 'plain_text')
      this.problem(`${at}/emoji`, 'emoji is for plain_text only');
    if (value.verbatim !== undefined && value.type !== 'mrkdwn')
      this.problem(`${at}/verbatim`, 'verbatim is for mrkdwn only');
    if (this.requiredString(value.text, Math.min(max, BLOCK_KIT_LIMITS.textObject), `${at}/text`))
      this.textTotal += (value.text as string).length;
  }

  style(value: unknown, at: string): void {
    if (value !== undefined && value !== 'primary' && value !== 'danger')
      this.problem(at, `style ${JSON.stringify(value)}: primary or danger`);
  }

  /** True when present and valid. */
  optionalString(value: unknown, max: number, at: string): boolean {
    return value === undefined ? false : this.requiredString(value, max, at);
  }

  requiredString(value: unknown, max: number, at: string): boolean {
    if (typeof value !== 'string') {
      this.problem(at, 'a string is required here');
      return false;
    }
    if (value.length < 1) this.problem(at, 'must be at least 1 character');
    else if (value.length > max) this.problem(at, `${value.length} characters, more than ${max}`);
    else return true;
    return false;
  }

  problem(at: string, what: string): void {
    this.problems.push(`${what} [json-pointer:${at}]`);
  }
}

/** A rendered message, as far as the checks below read it. */
export interface RenderedMessage {
  text: string;
  blocks: readonly unknown[];
}

/**
 * Every limit Slack puts on a message (blockKitRefusal), plus the adapter's own promises: blocks
 * at all, a fallback text, no blank text object, and the serialised blocks under the margin.
 * Throws, naming every problem, when one fails.
 */
export function expectWithinSlackLimits(message: RenderedMessage): void {
  const problems: string[] = [];
  const refusal = blockKitRefusal({ text: message.text, blocks: [...message.blocks] });
  if (refusal) problems.push(`Slack would answer ${refusal.error}: ${refusal.problems.join('; ')}`);
  if (message.blocks.length === 0) problems.push('no blocks');
  if (message.text.trim() === '') problems.push('no fallback text');
  const json = JSON.stringify(message.blocks).length;
  if (json > TOTAL_BLOCKS_JSON_MAX)
    problems.push(`${json} characters of blocks JSON, over ${TOTAL_BLOCKS_JSON_MAX}`);
  for (const text of textsOf(message.blocks))
    if (text.trim() === '') problems.push(`a blank text object (${JSON.stringify(text)})`);
  if (problems.length > 0) throw new Error(`not within Slack's limits: ${problems.join('; ')}`);
}

/** Every text object's text in the blocks, at any depth. */
function textsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (!isObject(value)) return [];
  const own =
    (value.type === 'plain_text' || value.type === 'mrkdwn') && typeof value.text === 'string'
      ? [value.text]
      : [];
  return [...own, ...Object.values(value).flatMap(textsOf)];
}
