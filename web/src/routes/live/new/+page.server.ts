import { fetchAnimals } from '#lib/animals.ts';
import type { PageServerLoad } from './$types';

/** The animals a keeper may open a live room with (the page says so when the engine is down). */
export const load: PageServerLoad = async ({ fetch, locals }) => ({
  animals: await fetchAnimals(fetch, locals.locale),
});
