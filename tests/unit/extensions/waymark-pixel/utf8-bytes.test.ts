import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../../../extensions/waymark-pixel/src/utf8-bytes';

describe('utf8Bytes', () => {
  it('counts 1 to 4 bytes per character, as the UTF-8 encoding does', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
    for (const text of ['', 'plain ascii', 'Größe', 'ありがとう', '🧭 waymark 🗺️', 'x'.repeat(1000)]) {
      expect(utf8Bytes(text), text).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('counts a lone surrogate as the 3-byte replacement character', () => {
    expect(utf8Bytes('\ud83d')).toBe(3);
    expect(utf8Bytes('a\ude00b')).toBe(5);
    expect(utf8Bytes('\ud83d')).toBe(Buffer.byteLength('\ud83d', 'utf8'));
  });
});
