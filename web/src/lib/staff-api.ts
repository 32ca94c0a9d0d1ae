/**
 * REST calls made as the signed-in user ({@link session}), and how their failures read.
 *
 * @module
 */
import { api, type ApiError, type ApiOptions, type ApiResult } from './api.ts';
import type { I18n } from './i18n/context.ts';
import { session } from './session.svelte.ts';

/** Calls the REST layer with the session's token; a 401 (expired or revoked) signs out here. */
export async function call<T>(
  path: string,
  options: Omit<ApiOptions, 'token'> = {},
): Promise<ApiResult<T>> {
  const result = await api<T>(path, { ...options, token: session.token });
  if (!result.ok && result.status === 401) session.clear();
  return result;
}

/** A translated sentence for a failed call (the server's own text is English only). */
export function errorText(i18n: I18n, error: ApiError): string {
  switch (error.status) {
    case 0:
      return i18n.t('api.network');
    case 400:
    case 422:
      return i18n.t('api.invalid');
    case 401:
      return i18n.t('api.signedOut');
    case 403:
      return i18n.t('api.forbidden');
    case 404:
      return i18n.t('api.notFound');
    case 409:
      return i18n.t('api.conflict');
    case 429:
      return i18n.t('api.tooMany');
    case 501:
      return i18n.t('api.notImplemented');
    default:
      return i18n.t('api.failed');
  }
}
