import { error } from '@sveltejs/kit';
import { fetchAnimals } from '#lib/animals.ts';
import { translate } from '#lib/i18n/index.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals, params }) => {
  const list = await fetchAnimals(fetch, locals.locale);
  if (!list.ok) error(503, translate(locals.locale, 'home.unavailable'));
  const animal = list.animals.find((candidate) => candidate.id === params.animalId);
  if (!animal) error(404, translate(locals.locale, 'error.animalNotFound'));
  return { animal };
};
