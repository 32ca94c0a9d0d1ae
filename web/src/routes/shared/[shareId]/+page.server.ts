import { error } from '@sveltejs/kit';
import type { SharedConversation } from '@cmz/engine/protocol';
import { translate } from '#lib/i18n/index.ts';
import type { PageServerLoad } from './$types';

/** A read-only snapshot behind a share link (`GET /engine/shares/:shareId`, docs/protocol.md). */
export const load: PageServerLoad = async ({ fetch, locals, params, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' });
  let response: Response;
  try {
    response = await fetch(`/engine/shares/${encodeURIComponent(params.shareId)}`);
  } catch {
    error(503, translate(locals.locale, 'share.unavailable'));
  }
  if (response.status === 404) error(404, translate(locals.locale, 'share.notFound'));
  if (!response.ok) error(503, translate(locals.locale, 'share.unavailable'));
  const shared = (await response.json()) as SharedConversation;
  return { shared };
};
