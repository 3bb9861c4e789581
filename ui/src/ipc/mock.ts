// Test support: stands in for the shell with handlers typed by the same contract.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';

import type { Commands } from './contract';

export type Handlers = {
  [K in keyof Commands]?: (
    // Raw-body commands (args `never`) receive the bytes sent by `sendFile`.
    args: [Commands[K]['args']] extends [never] ? Uint8Array : Commands[K]['args'],
  ) => Commands[K]['result'] | Promise<Commands[K]['result']>;
};

/** Answers commands with `handlers`; an unhandled command fails the way a missing one would. */
export function mockCommands(handlers: Handlers): void {
  mockIPC((cmd, payload) => {
    const handler = handlers[cmd as keyof Commands] as
      | ((args: unknown) => unknown)
      | undefined;
    if (!handler) throw { code: 'Internal', message: `command ${cmd} not mocked` };
    if (ArrayBuffer.isView(payload)) return handler(payload);
    return handler((payload as { args?: unknown } | undefined)?.args ?? null);
    // Events too: a test's `emit` from @tauri-apps/api/event reaches the page's listeners.
  }, { shouldMockEvents: true });
}

export { clearMocks };

/** Emits a shell event the way the shell would (the page's listeners hear it). */
export { emit as emitShellEvent } from '@tauri-apps/api/event';
