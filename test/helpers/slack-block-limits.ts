import { expect } from 'vitest';
import { SLACK_LIMITS } from '../../adapters/slack/block-limits.ts';
import type { SlackMessage } from '../../adapters/slack/render-blocks.ts';

/** Where Slack refuses a message as msg_blocks_too_long (bolt-js#2509), with a margin. */
export const TOTAL_BLOCKS_JSON_MAX = 12_000;

interface Text {
  type: string;
  text: string;
}
interface AnyBlock {
  type: string;
  text?: Text;
  fields?: Text[];
  elements?: (Text & {
    text?: Text;
    confirm?: { title?: Text; text?: Text; confirm?: Text; deny?: Text };
    value?: string;
  })[];
}

/** Every Block Kit limit the adapter must keep, checked on a rendered message. */
export function expectWithinSlackLimits(message: SlackMessage): void {
  const blocks = message.blocks as unknown as AnyBlock[];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(TOTAL_BLOCKS_JSON_MAX);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(3000);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text) {
        expect(block.text.text.trim().length).toBeGreaterThan(0);
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      }
      if (block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
        for (const field of block.fields) {
          expect(field.text.trim().length).toBeGreaterThan(0);
          expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
        }
      }
    }
    if (block.type === 'context') {
      expect(block.elements?.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const element of block.elements ?? [])
        expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (block.type === 'actions') {
      for (const button of block.elements ?? []) {
        expect(button.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(button.value?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
        if (button.confirm) {
          expect(button.confirm.title?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmTitle);
          expect(button.confirm.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmText);
          expect(button.confirm.confirm?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmButton);
          expect(button.confirm.deny?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmButton);
        }
      }
    }
  }
}
