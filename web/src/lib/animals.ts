/**
 * Reading the public animal list from the engine (`GET /engine/animals?locale=`), for server loads.
 *
 * @module
 */
import type { AnimalSummary, Locale } from '@cmz/engine/protocol';

export type AnimalList = { ok: true; animals: AnimalSummary[] } | { ok: false; animals: [] };

/** Never throws: when the engine does not answer, the page says so instead of failing. */
export async function fetchAnimals(
  fetch: typeof globalThis.fetch,
  locale: Locale,
): Promise<AnimalList> {
  try {
    const response = await fetch(`/engine/animals?locale=${encodeURIComponent(locale)}`);
    if (!response.ok) return { ok: false, animals: [] };
    const body = (await response.json()) as { animals?: AnimalSummary[] };
    return { ok: true, animals: Array.isArray(body.animals) ? body.animals : [] };
  } catch {
    return { ok: false, animals: [] };
  }
}
