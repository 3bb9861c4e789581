// Test support: stands in for the shell with handlers typed by the same contract.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';

import type { Commands } from './contract';

export type Handlers = {
  [K in keyof Commands]?: (
    args: Commands[K]['args'],
  ) => Commands[K]['result'] | Promise<Commands[K]['result']>;
};

/** Answers commands with `handlers`; an unhandled command fails the way a missing one would. */
export function mockCommands(handlers: Handlers): void {
  mockIPC((cmd, payload) => {
    const handler = handlers[cmd as keyof Commands] as
      | ((args: unknown) => unknown)
      | undefined;
    if (!handler) throw { code: 'Internal', message: `command ${cmd} not mocked` };
    return handler((payload as { args?: unknown } | undefined)?.args ?? null);
  });
}

export { clearMocks };
