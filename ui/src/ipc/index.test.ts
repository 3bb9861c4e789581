import { call, CommandError, toCommandError } from '.';
import { mockCommands } from './mock';

describe('toCommandError', () => {
  it('keeps the code and message of a contract error', () => {
    const e = toCommandError({ code: 'NotFound', message: 'No app with id 4' });
    expect(e).toBeInstanceOf(CommandError);
    expect([e.code, e.message]).toEqual(['NotFound', 'No app with id 4']);
  });

  it('turns anything else into an Internal error with the text', () => {
    expect(toCommandError('boom').code).toBe('Internal');
    expect(toCommandError('boom').message).toContain('boom');
    expect(toCommandError({ code: 'Nonsense', message: 'x' }).code).toBe('Internal');
  });
});

describe('call', () => {
  it('sends arguments as { args } and resolves with the result', async () => {
    let seen: unknown = undefined;
    mockCommands({
      remove_app: (args) => {
        seen = args;
        return null;
      },
    });
    await expect(call('remove_app', { id: 7 })).resolves.toBeNull();
    expect(seen).toEqual({ id: 7 });
  });

  it('rejects with a CommandError carrying the shell’s code', async () => {
    mockCommands({
      list_apps: () => {
        throw { code: 'Conflict', message: 'newer database' };
      },
    });
    await expect(call('list_apps')).rejects.toMatchObject({ code: 'Conflict', message: 'newer database' });
  });
});
