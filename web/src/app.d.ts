// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale } from '@cmz/engine/protocol';

declare global {
  namespace App {
    interface Locals {
      /** The visitor's language for this request (cookie `cmz_locale`, else Accept-Language). */
      locale: Locale;
    }
    // `Platform` ({ req }) comes from @sveltejs/adapter-node's ambient types.
  }
}

export {};
