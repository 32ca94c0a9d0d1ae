/**
 * Development watcher: reloads a path plugin when one of its files is saved (debounced), so a
 * plugin author sees the change in the next message without restarting anything.
 *
 * @module
 */
import { watch, type FSWatcher } from 'node:fs';

/**
 * Watches plugin directories; `onChange(name)` runs once per burst of saves.
 *
 * @example
 * ```ts
 * const stop = watchPluginDirectories(engine.plugins.directories(), (name) => sync.run({ action: 'reload', name }));
 * ```
 */
export function watchPluginDirectories(
  directories: ReadonlyMap<string, string>,
  onChange: (name: string) => void,
  debounceMs = 150,
): () => void {
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  for (const [name, directory] of directories) {
    const watcher = watch(directory, { recursive: true }, (_event, file) => {
      if (file !== null && /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(file)) return;
      clearTimeout(timers.get(name));
      timers.set(
        name,
        setTimeout(() => onChange(name), debounceMs),
      );
    });
    watchers.push(watcher);
  }
  return () => {
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}
