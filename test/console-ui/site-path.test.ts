import { describe, expect, it } from 'vitest';
import { mountOf } from '../../web-console/src/site-path.js';

describe("the console's mount, read from its own script's path", () => {
  it('is empty at the root and the entity prefix under /e/<slug>', () => {
    expect(mountOf('/console/assets/console.js')).toBe('');
    expect(mountOf('/e/concejo-prueba/console/assets/console.js')).toBe('/e/concejo-prueba');
    // Behind a proxy that adds its own prefix the whole prefix is kept.
    expect(mountOf('/atencion/e/concejo/console/assets/console.js')).toBe('/atencion/e/concejo');
  });

  it('falls back to the root for a script it does not recognise', () => {
    expect(mountOf('')).toBe('');
    expect(mountOf('/otro/console.js')).toBe('');
  });
});
