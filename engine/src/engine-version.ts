import manifest from '../package.json' with { type: 'json' };

/**
 * The engine's version (from `engine/package.json`), checked against plugins' `engine` ranges.
 *
 * @example
 * ```ts
 * semver.satisfies(engineVersion, plugin.engine ?? '*');
 * ```
 */
export const engineVersion: string = manifest.version;
