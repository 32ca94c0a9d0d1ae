/**
 * Server-renders one component under an English translator, for tests of a component's markup.
 *
 * @module
 */
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import WithI18n from './WithI18n.svelte';

/**
 * The component's server-rendered markup, tidied for comparison: without Svelte's hydration
 * comments, its scoping classes, and the white space between tags.
 *
 * @example
 * ```ts
 * renderWithI18n(MessageBubble, { text: 'Hello' });
 * // '<div class="bubble"><p class="text">Hello</p></div>'
 * ```
 */
export function renderWithI18n<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
): string {
  const { body } = render(WithI18n, {
    // The harness passes the props through untouched; the signature above keeps them typed.
    props: { component: component as unknown as Component<Record<string, unknown>>, props },
  });
  return body
    .replace(/<!--[^>]*-->/g, '')
    .replace(/ svelte-[a-z0-9]+/g, '')
    .replace(/>\s+</g, '><');
}
