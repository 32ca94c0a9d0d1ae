import { describe, expect, it } from 'vitest';
import { LoadArgumentsError, parseLoadArguments } from './load-arguments.ts';

describe('parseLoadArguments', () => {
  it('reads a full command line', () => {
    const parsed = parseLoadArguments([
      '--scenario',
      'viewers',
      '--sockets',
      '10000',
      '--duration',
      '20',
      '--adapter',
      'redis-sharded',
      '--tokens-per-second',
      '30',
      '--reply-tokens',
      '40',
      '--env',
      'COALESCE_WINDOW_MS=25',
      '--env',
      'LOG_LEVEL=warn',
      '--no-baseline',
    ]);
    expect(parsed).toEqual({
      scenario: 'viewers',
      sockets: 10_000,
      duration: 20,
      adapter: 'redis-sharded',
      tokensPerSecond: 30,
      replyTokens: 40,
      short: false,
      baseline: false,
      environment: { COALESCE_WINDOW_MS: '25', LOG_LEVEL: 'warn' },
    });
  });

  it('leaves sizes to the scenario when not given', () => {
    const parsed = parseLoadArguments(['--scenario', 'all', '--short']);
    expect(parsed).toEqual({ scenario: 'all', short: true, baseline: true, environment: {} });
  });

  it.each([
    [[], /--scenario is required/],
    [['--scenario', 'rooms'], /--scenario: .*room/],
    [['--scenario', 'room', '--sockets', '20001'], /--sockets: .*20000/],
    [['--scenario', 'room', '--sockets', 'many'], /--sockets/],
    [['--scenario', 'room', '--sockets', '1.5'], /--sockets/],
    [['--scenario', 'room', '--duration', '0'], /--duration/],
    [['--scenario', 'room', '--duration', '601'], /--duration/],
    [['--scenario', 'room', '--adapter', 'kafka'], /--adapter/],
    [['--scenario', 'room', '--env', 'lowercase=1'], /--env: expected KEY=VALUE/],
    [['--scenario', 'room', '--bogus'], /Unknown option '--bogus'/],
    [['--scenario', 'room', 'extra'], /positional/i],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseLoadArguments(argv)).toThrow(LoadArgumentsError);
    expect(() => parseLoadArguments(argv)).toThrow(message);
  });
});
