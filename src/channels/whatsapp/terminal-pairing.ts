import { qrTerminal } from './pairing-qr.js';

/**
 * Prints the QR or pairing code on the server's standard output for the administrator at the terminal. Deliberately
 * not through the logger: it is a picture for a person, and log collectors would keep a credential in their files.
 */
export function printPairingToTerminal(
  write: (text: string) => void = (t) => void process.stdout.write(t),
): (pairing: { qr?: string; code?: string }) => void {
  return (pairing) => {
    if (pairing.code) {
      write(
        `\nWhatsApp: código de vinculación ${pairing.code}\nEn el teléfono: WhatsApp → Dispositivos vinculados → Vincular un dispositivo → Vincular con el número de teléfono.\n\n`,
      );
    }
    if (pairing.qr) {
      qrTerminal(pairing.qr)
        .then((picture) =>
          write(
            `\nWhatsApp: escanee este código desde el teléfono (WhatsApp → Dispositivos vinculados → Vincular un dispositivo).\n${picture}\n`,
          ),
        )
        .catch(() => undefined);
    }
  };
}
