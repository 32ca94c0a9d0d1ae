/**
 * Saves text as a file from the browser (the teacher's transcript export): a Blob behind a
 * temporary link, so nothing goes through the server a second time.
 *
 * @module
 */

/**
 * A file name for a room's transcript: the animal and the date, safe on every system.
 *
 * @example
 * ```ts
 * transcriptFileName('Bella', new Date('2025-05-01T10:00:00Z')); // 'bella-2025-05-01.txt'
 * ```
 */
export function transcriptFileName(animalName: string, date: Date = new Date()): string {
  const slug =
    animalName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'class';
  return `${slug}-${date.toISOString().slice(0, 10)}.txt`;
}

/**
 * Starts the download of `text` as a UTF-8 `.txt` file (browser only).
 *
 * @example
 * ```ts
 * downloadText('transcript.txt', '[10:00] Kai: What do you eat?');
 * ```
 */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
