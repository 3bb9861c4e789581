import { applyDesktopFont } from './desktop-font';

describe('applyDesktopFont', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
  });

  it('quotes a family name and keeps a generic fallback', () => {
    applyDesktopFont('Cantarell', root);
    expect(root.style.getPropertyValue('--font')).toBe('"Cantarell", sans-serif');
  });

  it('uses a generic family as the keyword it is', () => {
    applyDesktopFont('sans-serif', root);
    expect(root.style.getPropertyValue('--font')).toBe('sans-serif');
    applyDesktopFont('monospace', root);
    expect(root.style.getPropertyValue('--font')).toBe('monospace, sans-serif');
  });

  it('cannot be used to break out of the declaration', () => {
    applyDesktopFont('Evil", serif; color: red; "\\\n', root);
    expect(root.style.getPropertyValue('--font')).toBe('"Evil\\", serif; color: red; \\"\\\\", sans-serif');
    expect(root.style.getPropertyValue('color')).toBe('');
  });

  it('leaves the theme alone without a family', () => {
    applyDesktopFont(null, root);
    applyDesktopFont('\n', root);
    expect(root.style.getPropertyValue('--font')).toBe('');
  });
});
