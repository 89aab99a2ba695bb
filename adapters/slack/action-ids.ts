/** The buttons the adapter renders, and how their `value` carries what a click needs. */
export const ACTION_IDS = {
  confirm: 'chat_confirm',
  cancel: 'chat_cancel',
  previousPage: 'chat_page_previous',
  nextPage: 'chat_page_next',
} as const;

/** A page button's value: which remembered reply, and which page to show. */
export function pageButtonValue(pagesKey: string, page: number): string {
  return `${pagesKey}:${page}`;
}

export function parsePageButtonValue(value: string): { pagesKey: string; page: number } | undefined {
  const match = /^([A-Za-z0-9-]+):([0-9]{1,9})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { pagesKey: match[1], page: Number(match[2]) };
}
