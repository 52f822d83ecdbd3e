/** The file types citizens may send, told apart by their first bytes rather than by what the browser claims. */
export const uploadTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type UploadType = (typeof uploadTypes)[number];

const signatures: { type: UploadType; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

export function detectFileType(data: Uint8Array): UploadType | undefined {
  return signatures.find((s) => s.bytes.every((b, i) => data[i] === b))?.type;
}
