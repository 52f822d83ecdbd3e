import { describe, expect, it } from 'vitest';
import { checkFile, describeTypes, fileType, formatBytes } from '../../web-widget/src/file-check.js';

const upload = { maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] };

describe('checkFile', () => {
  it('accepts an allowed file within the size limit', () => {
    expect(checkFile({ name: 'cedula.pdf', type: 'application/pdf', size: 200_000 }, upload)).toBeNull();
  });

  it('explains in Spanish which types are allowed', () => {
    expect(checkFile({ name: 'foto.heic', type: 'image/heic', size: 10 }, upload)).toBe(
      'No podemos recibir «foto.heic» porque ese tipo de archivo no está permitido. Envíe un archivo JPG, PNG o PDF.',
    );
  });

  it('explains the size limit in MB', () => {
    expect(checkFile({ name: 'scan.pdf', type: 'application/pdf', size: 7.5 * 1024 * 1024 }, upload)).toBe(
      '«scan.pdf» pesa 7,5 MB y el máximo es 5 MB. Envíe un archivo más liviano.',
    );
  });

  it('guesses the type from the extension when the browser does not know it', () => {
    expect(fileType({ name: 'FOTO.JPG', type: '', size: 1 })).toBe('image/jpeg');
    expect(checkFile({ name: 'FOTO.JPG', type: '', size: 1 }, upload)).toBeNull();
  });

  it('names sizes and types the way citizens know them', () => {
    expect(formatBytes(300 * 1024)).toBe('300 KB');
    expect(describeTypes(['application/pdf'])).toBe('PDF');
  });
});
