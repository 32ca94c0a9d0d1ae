/**
 * Helpers for the chat page (web/src/lib/components/Chat.svelte), by accessible role and name
 * only. The app sets no hydration marker: the composer's Send button is enabled only once the
 * page is hydrated AND the Socket.IO session is connected, so "type, then Send is enabled" is
 * the ready signal (stack.md gotcha 11).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ChatPage {
  input: Locator;
  send: Locator;
  stop: Locator;
  status: Locator;
  log: Locator;
  /** The animal's messages (the list items in the conversation whose speaker is not "You"). */
  replies: Locator;
  lastReply: Locator;
  lastReplyText: Locator;
  suggestions: Locator;
  aiNote: Locator;
}

export function chatPage(page: Page, name: string, labels = EN): ChatPage {
  const log = page.getByRole('region', { name: labels.conversation(name) });
  // Each message is a list item whose first line is the speaker: the animal's name or "You".
  const replies = log.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
  const lastReply = replies.last();
  return {
    input: page.getByRole('textbox', { name: labels.input(name) }),
    send: page.getByRole('button', { name: labels.send, exact: true }),
    stop: page.getByRole('button', { name: labels.stop }),
    // The chat's quiet connection line: the first status in main (the share note comes after it).
    status: page.getByRole('main').getByRole('status').first(),
    log,
    replies,
    lastReply,
    lastReplyText: lastReply.locator('.bubble > p').first(),
    suggestions: page.getByRole('group', { name: labels.suggestions }).getByRole('button'),
    aiNote: page.getByText(labels.aiNote(name)),
  };
}

export const EN = {
  conversation: (name: string) => `Conversation with ${name}`,
  input: (name: string) => `Your message for ${name}`,
  you: 'You',
  send: 'Send',
  stop: 'Stop',
  stopped: 'Stopped',
  suggestions: 'Ideas to ask',
  facts: 'Facts this answer used',
  reconnecting: 'Reconnecting…',
  aiNote: (name: string) => `${name} speaks through the zoo's AI`,
};

/** Types a question and sends it once the page is interactive (hydrated and connected). */
export async function ask(chat: ChatPage, question: string): Promise<void> {
  await expect(async () => {
    await chat.input.fill(question);
    await expect(chat.send).toBeEnabled({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await chat.send.click();
}

/** Waits until the text of `locator` is longer than `than` characters; returns the text. */
export async function waitForLongerText(locator: Locator, than: number): Promise<string> {
  let text = '';
  await expect
    .poll(async () => (text = (await locator.textContent()) ?? '').trim().length, {
      intervals: [50],
    })
    .toBeGreaterThan(than);
  return text.trim();
}

/** The current text of a locator, trimmed ('' when absent). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * Records every text the newest message of the conversation region shows, on each DOM change,
 * into `window.__replySamples` (page side), so a journey can check that the reply only ever grew
 * by appending (no gap, no repeated words) across a reconnect.
 */
export async function recordReplyTexts(log: Locator): Promise<void> {
  await log.evaluate((region) => {
    const samples: string[] = [];
    (window as unknown as { __replySamples: string[] }).__replySamples = samples;
    const read = () => {
      const items = region.querySelectorAll(':scope > ol > li');
      const bubble = items[items.length - 1]?.querySelector(':scope > div > p');
      const text = (bubble?.textContent ?? '').trim();
      if (text !== samples[samples.length - 1]) samples.push(text);
    };
    new MutationObserver(read).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    read();
  });
}

export async function recordedReplyTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __replySamples: string[] }).__replySamples);
}

/** One Socket.IO packet the page received: an event (`42[name, body]`) or an ack (`43<id>[body]`). */
export interface SocketEvent {
  /** 0 for the page's first WebSocket, 1 for the one after a reconnect, … */
  socket: number;
  name: string;
  body: Record<string, unknown>;
}

/** Records the server → client events and acknowledgements of every WebSocket of a page. */
export function captureSocketEvents(page: Page): SocketEvent[] {
  const events: SocketEvent[] = [];
  let sockets = 0;
  page.on('websocket', (webSocket) => {
    if (!webSocket.url().includes('/socket.io/')) return;
    const socket = sockets++;
    webSocket.on('framereceived', ({ payload }) => {
      const text = String(payload);
      try {
        const event = /^42(\[.*)$/s.exec(text);
        if (event) {
          const [name, body] = JSON.parse(event[1] as string) as [string, Record<string, unknown>];
          events.push({ socket, name, body });
          return;
        }
        const ack = /^43\d+(\[.*)$/s.exec(text);
        if (ack) {
          const [body] = JSON.parse(ack[1] as string) as [Record<string, unknown>];
          events.push({ socket, name: 'ack', body });
        }
      } catch {
        // not a JSON packet
      }
    });
  });
  return events;
}

export const named = (events: SocketEvent[], name: string, socket?: number) =>
  events.filter(
    (event) => event.name === name && (socket === undefined || event.socket === socket),
  );
