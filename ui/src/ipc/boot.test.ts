import { takeBootState } from './boot';

describe('takeBootState', () => {
  it('hands the boot state over once', () => {
    const boot = {
      info: { version: '1', databasePath: '/p', logDir: '/l', demoMode: true },
      apps: [],
    };
    window.__PLUMBLINE_BOOT__ = boot;
    expect(takeBootState()).toEqual(boot);
    expect(takeBootState()).toBeNull();
    expect(window.__PLUMBLINE_BOOT__).toBeUndefined();
  });
});
