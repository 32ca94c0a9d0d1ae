/**
 * `@cmz/rest-compat`: the existing CMZ REST API over the engine and DynamoDB.
 *
 * @module
 */
export { restCompatExtension } from './rest-extension.ts';
export type { RestExtensionHandle } from './rest-extension.ts';
