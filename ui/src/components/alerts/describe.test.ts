import { describe, expect, it } from 'vitest';

import type { SurgeWatch } from '../../ipc';
import { sampleSurgeWatch } from '../../lib/fake-alerts';
import { deliveryText, minuteToTime, nextMorning, timeToMinute, watchSentence } from './describe';

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

  it('says what the surge detector watches, in a sentence per metric', () => {
    const watched = sampleSurgeWatch();
    const [uninstalls, installs, views] = [0, 1, 2].map((i) => {
      const w = watched[i];
      if (w === undefined) throw new Error(`no sample ${i}`);
      return w;
    }) as [SurgeWatch, SurgeWatch, SurgeWatch];
    expect(watchSentence(uninstalls)).toBe('watching: would notice +6 in a week (about 1.2 a day)');
    expect(watchSentence(installs)).toBe('learning until March 14');
    expect(watchSentence(views)).toBe('no days yet: import the portal’s metrics export or connect the app');
    expect(watchSentence({ ...installs, state: 'watching', levelPerDay: 40, minDetectableWeek: 52 })).toBe(
      'watching: would notice 52 fewer in a week (about 40 a day)',
    );
    expect(watchSentence({ ...uninstalls, levelPerDay: 0.08, minDetectableWeek: null, lowVolume: true })).toBe(
      'watching (about 0.08 a day), but too few a day to notice a rise',
    );
  });
});
