/**
 * The join link as a QR code (SVG markup) for the classroom projector, rendered offline.
 *
 * @module
 */
import QRCode from 'qrcode';

/**
 * Renders `text` (a join URL or path) as an SVG QR code.
 *
 * @example
 * ```ts
 * const svg = await joinQrSvg('https://zoo.example/join/K7QX2M'); // '<svg ...'
 * ```
 */
export function joinQrSvg(text: string): Promise<string> {
  // Medium error correction survives a smudged projector or a phone camera at an angle.
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
