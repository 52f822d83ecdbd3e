import { describe, expect, it } from 'vitest';
import {
  describeWaiting,
  formatDate,
  formatMessageTime,
  formatWaiting,
  waitingLevel,
  waitingNow,
} from '../../web-console/src/format.js';

describe('waiting times in the queue', () => {
  it('shows seconds, then minutes with seconds, then hours, so the agent sees the counter move', () => {
    expect(formatWaiting(0)).toBe('0 s');
    expect(formatWaiting(45)).toBe('45 s');
    expect(formatWaiting(125)).toBe('2 min 05 s');
    expect(formatWaiting(3599)).toBe('59 min 59 s');
    expect(formatWaiting(3720)).toBe('1 h 02 min');
    expect(formatWaiting(26 * 3600)).toBe('1 día 2 h');
    expect(formatWaiting(-5)).toBe('0 s');
  });

  it('says it in words for screen readers', () => {
    expect(describeWaiting(30)).toBe('menos de un minuto');
    expect(describeWaiting(60)).toBe('1 minuto');
    expect(describeWaiting(7 * 60 + 59)).toBe('7 minutos');
    expect(describeWaiting(3600)).toBe('1 hora');
    expect(describeWaiting(2 * 3600 + 60)).toBe('2 horas y 1 minuto');
  });

  it('flags a long wait after 3 minutes and a very long one after 10', () => {
    expect(waitingLevel(179)).toBe('ok');
    expect(waitingLevel(180)).toBe('long');
    expect(waitingLevel(600)).toBe('very-long');
  });

  it('keeps counting from what the server said, by the seconds elapsed since', () => {
    expect(waitingNow(100, 1_000_000, 1_000_000)).toBe(100);
    expect(waitingNow(100, 1_000_000, 1_065_900)).toBe(165);
    // A clock that went backwards never makes a wait shrink below the server's figure.
    expect(waitingNow(100, 1_000_000, 990_000)).toBe(100);
  });
});

describe('dates', () => {
  const now = new Date('2026-11-23T22:00:00.000Z'); // 17:00 in Bogotá

  it('shows today’s messages as HH:mm in Bogotá and older ones with the day', () => {
    expect(formatMessageTime('2026-11-23T20:04:05.000Z', now)).toBe('15:04');
    expect(formatMessageTime('2026-11-23T02:00:00.000Z', now)).toMatch(/^22 .*nov.*, 21:00$/);
    expect(formatMessageTime('nope', now)).toBe('');
  });

  it('shows a due date as the calendar day it is, whatever the laptop’s zone', () => {
    expect(formatDate('2026-04-21')).toMatch(/^21 .*abr.* 2026$/);
    expect(formatDate('not a date')).toBe('not a date');
  });
});
