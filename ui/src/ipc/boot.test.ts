import { bootFont, takeBootState } from './boot';

describe('takeBootState', () => {
  it('hands the boot state over once; its font is read before that', () => {
    const boot = {
      info: { version: '1', databasePath: '/p', logDir: '/l', demoMode: true },
      apps: [],
      uiFont: 'Cantarell',
    };
    window.__PLUMBLINE_BOOT__ = boot;
    expect(bootFont()).toBe('Cantarell');
    expect(takeBootState()).toEqual(boot);
    expect(takeBootState()).toBeNull();
    expect(window.__PLUMBLINE_BOOT__).toBeUndefined();
  });
});
