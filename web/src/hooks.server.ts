import type { RequestEvent } from '@sveltejs/kit';
import type { Handle, HandleFetch, HandleServerError } from '@sveltejs/kit/hooks';
import { isEnginePath } from '#lib/engine-paths.ts';
import { isLocale, LOCALE_COOKIE, negotiateLocale, translate } from '#lib/i18n/index.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * The locale is decided per request and kept in `event.locals` (never in module state: many
 * requests render at once). `?lang=xx` (the language links without JavaScript) also remembers it.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const requested = event.url.searchParams.get('lang');
  if (isLocale(requested)) {
    event.cookies.set(LOCALE_COOKIE, requested, {
      path: '/',
      maxAge: ONE_YEAR,
      sameSite: 'lax',
      httpOnly: false,
      secure: event.url.protocol === 'https:',
    });
  }
  const locale = isLocale(requested)
    ? requested
    : negotiateLocale(
        event.cookies.get(LOCALE_COOKIE),
        event.request.headers.get('accept-language'),
      );
  event.locals.locale = locale;
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%cmz.lang%', locale),
  });
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    response.headers.append('vary', 'Cookie, Accept-Language');
  }
  return response;
};

/**
 * `event.fetch('/engine/…')` and `/api/…` are not Kit routes: send them to the engine that serves
 * this app (the same process and port), or to `CMZ_ENGINE_URL` when set (`vite dev`).
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin === event.url.origin && isEnginePath(url.pathname)) {
    const engine = engineOrigin(event);
    if (engine) return fetch(new Request(new URL(url.pathname + url.search, engine), request));
  }
  return fetch(request);
};

function engineOrigin(event: RequestEvent): string | undefined {
  const configured = process.env.CMZ_ENGINE_URL;
  if (configured) return configured;
  // The request came in on the engine's own HTTP server: call it back on the same local socket
  // address, which works for any HOST/PORT (including port 0 in tests) without configuration.
  const socket = event.platform?.req?.socket;
  if (!socket?.localPort) return undefined;
  let host = socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice(7);
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${socket.localPort}`;
}

/**
 * Kit 3 passes every error here with its `kind`. Errors from `error(…)` (`app`) and Kit's own
 * (`framework`, e.g. 404) keep their status and message; only unexpected ones (`unknown`) are
 * logged for operators, and the visitor sees a calm, translated message.
 */
export const handleError: HandleServerError = (caught) => {
  if (caught.kind !== 'unknown') return;
  const { event } = caught;
  console.error(`web: ${event.request.method} ${event.url.pathname} failed`, caught.error);
  return { message: translate(event.locals.locale ?? 'en', 'error.title') };
};
