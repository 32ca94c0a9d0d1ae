import { fetchAnimals } from '#lib/animals.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const list = await fetchAnimals(fetch, locals.locale);
  return { animals: list.animals, unavailable: !list.ok };
};
