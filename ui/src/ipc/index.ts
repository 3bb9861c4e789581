// The only module that talks to Tauri. Everything else in the UI calls `call()` with a
// command name from the generated contract, so arguments and results are typed end to end.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import { ERROR_CODES, type Commands, type ErrorCode } from './contract';

export type * from './contract';
export { bootFont, takeBootState } from './boot';
export {
  ALERT_OPENED_EVENT,
  ALERTS_CHANGED_EVENT,
  CONNECTIONS_CHANGED_EVENT,
  DEPRECATIONS_CHANGED_EVENT,
  DISPLAY_NAME_MAX_CHARS,
  IMPORT_PROGRESS_EVENT,
  METRICS_CHANGED_EVENT,
} from './contract';

/** A failed command: branch on `code`, show `message`. */
export class CommandError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns whatever the IPC layer rejected with into a `CommandError`. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code) && typeof message === 'string') return new CommandError(code, message);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new CommandError('Internal', `Plumbline's core did not answer as expected: ${text}`);
}

type ArgsOf<K extends keyof Commands> = Commands[K]['args'] extends null
  ? []
  : [Commands[K]['args']];

/** Calls a shell command. Rejects with a `CommandError`. */
export async function call<K extends keyof Commands>(
  name: K,
  ...args: ArgsOf<K>
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(name, args.length > 0 ? { args: args[0] } : {});
  } catch (error) {
    throw toCommandError(error);
  }
}

/**
 * Runs `handler` whenever the shell emits `event`, with its payload. Resolves to the function
 * that stops listening. Where events cannot be heard (component tests), it resolves to a
 * no-op: the views also read their data when they open, so a missed event only delays an
 * update.
 */
export async function onShellEvent<T = null>(event: string, handler: (payload: T) => void): Promise<() => void> {
  try {
    return await listen<T>(event, (e) => handler(e.payload));
  } catch {
    return () => undefined;
  }
}

type RawCommand = 'stage_import_file' | 'save_export' | 'add_listing_media';

/** Sends a file's bytes to a raw-body command, with its name and any other headers. */
export async function sendFile<K extends RawCommand>(
  command: K,
  bytes: Uint8Array,
  fileName: string,
  headers: Record<string, string> = {},
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, bytes, {
      headers: { ...headers, 'x-file-name': encodeURIComponent(fileName) },
    });
  } catch (error) {
    throw toCommandError(error);
  }
}

/**
 * Files dragged onto the window: `onhover` while they are over it, `ondrop` with their paths.
 * Resolves to the function that stops listening (a no-op where there is no window).
 */
export async function onFileDrop(
  ondrop: (paths: string[]) => void,
  onhover: (over: boolean) => void,
): Promise<() => void> {
  try {
    // Loaded on first use: the webview module (with the window and geometry classes it pulls
    // in) is most of @tauri-apps/api and the start-up screen never needs it.
    const { getCurrentWebview } = await import('@tauri-apps/api/webview');
    return await getCurrentWebview().onDragDropEvent((event) => {
      const payload = event.payload;
      if (payload.type === 'enter' || payload.type === 'over') onhover(true);
      else if (payload.type === 'leave') onhover(false);
      else {
        onhover(false);
        ondrop(payload.paths);
      }
    });
  } catch {
    return () => undefined;
  }
}
