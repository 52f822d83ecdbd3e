import { describe, expect, it } from 'vitest';
import { formatMessageTime } from '../../web-widget/src/format-time.js';

describe('formatMessageTime', () => {
  const now = new Date('2026-11-23T22:00:00.000Z'); // 17:00 in Bogotá

  it('shows today’s messages as HH:mm in Bogotá time, 24-hour clock', () => {
    expect(formatMessageTime(new Date('2026-11-23T20:04:05.000Z'), now)).toBe('15:04');
    expect(formatMessageTime(new Date('2026-11-23T05:30:00.000Z'), now)).toBe('00:30');
  });

  it('adds the day for older messages, by the Bogotá calendar', () => {
    // 02:00 UTC on the 23rd is still the 22nd in Bogotá.
    expect(formatMessageTime(new Date('2026-11-23T02:00:00.000Z'), now)).toMatch(/^22 .*nov.*, 21:00$/);
  });

  it('shows nothing for an unreadable date', () => {
    expect(formatMessageTime(new Date('nope'), now)).toBe('');
  });
});
