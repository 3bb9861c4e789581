import { lazily, usable } from './locale';

describe('usable', () => {
  it('accepts exactly the languages Intl formatters accept', () => {
    for (const tag of ['C', 'C.UTF-8', 'de_DE', '', 'en-US', 'en-us', 'POSIX', 'fr', undefined]) {
      let formats = true;
      try {
        new Intl.NumberFormat(tag).format(1);
        new Intl.DateTimeFormat(tag).format(0);
      } catch {
        formats = false;
      }
      expect([tag, usable(tag)]).toEqual([tag, formats]);
    }
    expect(usable('C')).toBe(false);
    expect(usable('en-US')).toBe(true);
  });
});

describe('lazily', () => {
  it('builds once, on first use', () => {
    let built = 0;
    const get = lazily(() => ({ n: ++built }));
    expect(built).toBe(0);
    expect(get()).toBe(get());
    expect(built).toBe(1);
  });
});
