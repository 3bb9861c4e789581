import { describe, expect, it } from 'vitest';

import { deliveryText, minuteToTime, nextMorning, timeToMinute } from './describe';

describe('Alert wording', () => {
  it('says what the desktop was told', () => {
    const at = new Date(2026, 11, 3, 9, 12).getTime();
    expect(
      (['notified', 'digest', 'history', 'muted', 'held', 'pending'] as const).map((delivery) =>
        deliveryText({ delivery, notifiedAt: delivery === 'notified' ? at : null }),
      ),
    ).toEqual([
      'Notified Dec 3, 09:12',
      'In a summary',
      'In the inbox only: older than a week',
      'Muted',
      'Held until quiet hours end',
      'Not notified yet',
    ]);
  });

  it('reads and writes times of day as minutes', () => {
    expect([0, 405, 1320, 1439].map(minuteToTime)).toEqual(['00:00', '06:45', '22:00', '23:59']);
    expect(['21:30', '07:00', '24:00', ''].map(timeToMinute)).toEqual([1290, 420, null, null]);
  });

  it('pauses until the next 08:00', () => {
    expect(nextMorning(new Date(2026, 11, 3, 14, 30).getTime())).toBe(new Date(2026, 11, 4, 8, 0).getTime());
    expect(nextMorning(new Date(2026, 11, 3, 6, 0).getTime())).toBe(new Date(2026, 11, 3, 8, 0).getTime());
    expect(nextMorning(new Date(2026, 11, 31, 8, 0).getTime())).toBe(new Date(2027, 0, 1, 8, 0).getTime());
  });
});
