/**
 * Serves the built web app from the main process, on the engine's port, as a server extension:
 *
 * ```ts
 * import { webExtension } from '@cmz/web/serve';
 * await startServer({ extensions: [restCompatExtension(), webExtension()] });
 * ```
 *
 * Everything except the engine's and the REST layer's paths (`/api`, `/socket.io`, `/engine`,
 * `/healthz`, `/readyz`) goes to SvelteKit's adapter-node handler from `web/build/handler.js`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ServerExtension } from '@cmz/engine';
import { isEnginePath } from './src/lib/engine-paths.ts';

type NodeHandler = (request: Request, response: Response, next: NextFunction) => void;

/** The header adapter-node reads the request's scheme from (set by the router below). */
const PROTOCOL_HEADER = 'x-cmz-web-protocol';

export interface WebExtensionOptions {
  /** The adapter-node output directory; default `web/build`. */
  buildDirectory?: string;
}

/** The default build directory, `web/build`. */
export const defaultBuildDirectory = fileURLToPath(new URL('./build/', import.meta.url));

/**
 * The web app as a {@link ServerExtension}. Fails with a clear message when the app is not built.
 */
export function webExtension(options: WebExtensionOptions = {}): ServerExtension {
  return async () => {
    const buildDirectory = options.buildDirectory ?? defaultBuildDirectory;
    const handlerFile = join(buildDirectory, 'handler.js');
    if (!existsSync(handlerFile)) {
      throw new Error(
        `The web app is not built (${handlerFile} is missing). Run \`npm run build -w web\`, then start again.`,
      );
    }
    // adapter-node assumes https unless told otherwise (ORIGIN or PROTOCOL_HEADER). The router
    // below always overwrites this header from the real connection, so clients cannot spoof it.
    const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
    if (ownProtocolHeader) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
    const { handler } = (await import(pathToFileURL(handlerFile).href)) as {
      handler: NodeHandler;
    };
    const router = express.Router();
    router.use((request, response, next) => {
      if (isEnginePath(request.path)) {
        next();
        return;
      }
      if (ownProtocolHeader) request.headers[PROTOCOL_HEADER] = request.protocol;
      handler(request, response, next);
    });
    return { routers: [router] };
  };
}
