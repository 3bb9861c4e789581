import { clearMocks } from './ipc/mock';

afterEach(() => {
  clearMocks();
  document.body.innerHTML = '';
  window.location.hash = '';
});
