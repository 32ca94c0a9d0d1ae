/**
 * Paths on the main port that belong to the engine and the REST layer, not to the web app.
 *
 * @module
 */
export const ENGINE_PATH_PREFIXES = ['/api', '/socket.io', '/engine', '/healthz', '/readyz'];

/** True for `/api`, `/api/…`, `/socket.io/…`, `/engine/…`, `/healthz`, `/readyz`. */
export function isEnginePath(pathname: string): boolean {
  return ENGINE_PATH_PREFIXES.some(
    (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}
