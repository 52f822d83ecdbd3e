import qrcode from 'qrcode';

/** The QR as an SVG image for the admin page. */
export function qrSvg(qr: string): Promise<string> {
  return qrcode.toString(qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'L' });
}

/** The QR drawn with block characters, for whoever watches the server's terminal. */
export function qrTerminal(qr: string): Promise<string> {
  return qrcode.toString(qr, { type: 'terminal', small: true });
}
