/**
 * Calls to the REST layer (`/api/…`, docs/rest.md) from the browser, with the signed-in user's
 * bearer token. Never throws: every outcome is a value the page can show.
 *
 * @module
 */

/** The REST layer's error body (`Error {code, message, details}`). */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | ({ ok: false } & ApiError);

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  token?: string | null;
  body?: unknown;
  fetch?: typeof globalThis.fetch;
}

/**
 * @example
 * ```ts
 * const result = await api<Family[]>('/api/family', { token });
 * if (result.ok) families = result.data;
 * ```
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, code: 'network_error', message: '', details: {} };
  }
  let body: unknown = undefined;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  const error = (body ?? {}) as Partial<ApiError>;
  return {
    ok: false,
    status: response.status,
    code: typeof error.code === 'string' ? error.code : 'http_error',
    message: typeof error.message === 'string' ? error.message : '',
    details:
      error.details && typeof error.details === 'object'
        ? (error.details as Record<string, unknown>)
        : {},
  };
}

/**
 * The fields named by a 400 `validation_error` (`details.errors[].path` such as
 * `/body/personality`), mapped to the server's message.
 */
export function fieldErrorsFrom(error: ApiError): Record<string, string> {
  const fields: Record<string, string> = {};
  const errors = error.details.errors;
  if (!Array.isArray(errors)) return fields;
  for (const entry of errors as { path?: unknown; message?: unknown }[]) {
    if (typeof entry?.path !== 'string') continue;
    const field = entry.path
      .replace(/^\/?(body|query|params)\/?/, '')
      .split(/[/.[]/)[0]
      ?.replace(/]$/, '');
    if (field && !(field in fields)) {
      fields[field] = typeof entry.message === 'string' ? entry.message : '';
    }
  }
  return fields;
}

/** `details.missingIds` of a 400 (a family naming users that do not exist). */
export function missingIdsFrom(error: ApiError): string[] {
  const ids = error.details.missingIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * A query string with `%20` for spaces. `URLSearchParams` writes `+`, which the REST layer's
 * validator refuses as a reserved character ("must be url encoded").
 */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
