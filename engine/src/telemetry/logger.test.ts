import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogRingBuffer } from './log-ring-buffer.ts';
import { createLogger, hashIdentifier, logBufferOf, logOperation } from './logger.ts';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, destination };
}

describe('the log ring buffer', () => {
  it('keeps the newest lines up to its capacity, newest first', () => {
    const buffer = new LogRingBuffer(3);
    for (let index = 1; index <= 5; index += 1) buffer.write(`{"n":${index}}\n`);
    expect(buffer.size).toBe(3);
    expect(buffer.records().map((record) => record.n)).toEqual([5, 4, 3]);
  });

  it('splits chunks holding several lines, accepts bytes and skips lines that are not JSON', () => {
    const buffer = new LogRingBuffer(10);
    buffer.write(Buffer.from('{"n":1}\nnot json\n[1]\n{"n":2}\n'));
    expect(buffer.records().map((record) => record.n)).toEqual([2, 1]);
  });

  it('tells listeners about every line, survives a failing listener and unsubscribes', () => {
    const buffer = new LogRingBuffer(10);
    const seen: string[] = [];
    buffer.subscribe(() => {
      throw new Error('broken observer');
    });
    const unsubscribe = buffer.subscribe((line) => seen.push(line));
    buffer.write('{"n":1}\n');
    unsubscribe();
    buffer.write('{"n":2}\n');
    expect(seen).toEqual(['{"n":1}']);
    expect(buffer.size).toBe(2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LogRingBuffer(0)).toThrow(RangeError);
    expect(() => new LogRingBuffer(1.5)).toThrow(RangeError);
  });

  it('works as a plain pino destination', () => {
    const buffer = new LogRingBuffer(10);
    pino({}, buffer).info({ operation: 'x' }, 'done');
    expect(buffer.records()[0]).toMatchObject({ operation: 'x', msg: 'done' });
  });
});

describe('createLogger', () => {
  it('writes JSON lines with an ISO time and a level label to the destination and the buffer', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logger.info({ operation: 'message:send', durationMs: 3 }, 'message accepted');
    logger.debug('not at info');
    const written = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(written).toMatchObject({ level: 'info', msg: 'message accepted', durationMs: 3 });
    expect(new Date(String(written.time)).toISOString()).toBe(written.time);
    expect(lines).toHaveLength(1);
    const records = logBufferOf(logger)?.records() ?? [];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 'info', operation: 'message:send' });
  });

  it('keeps info lines in the buffer even when stdout is quieter or silent', () => {
    const { lines, destination } = capture();
    const quiet = createLogger({ level: 'warn', destination });
    quiet.info('kept in memory only');
    quiet.warn('everywhere');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['everywhere']);
    expect(
      logBufferOf(quiet)
        ?.records()
        .map((record) => record.msg),
    ).toEqual(['everywhere', 'kept in memory only']);
    const silent = createLogger({ level: 'silent' });
    silent.info('still counted');
    expect(logBufferOf(silent)?.records()[0]?.msg).toBe('still counted');
  });

  it('keeps debug lines when the level is debug, in a buffer the caller may provide', () => {
    const { destination } = capture();
    const buffer = new LogRingBuffer(5);
    const logger = createLogger({ level: 'debug', destination, buffer });
    logger.debug('detail');
    expect(logBufferOf(logger)).toBe(buffer);
    expect(buffer.records()[0]).toMatchObject({ level: 'debug', msg: 'detail' });
  });

  it('has no buffer for a logger it did not create', () => {
    expect(logBufferOf(pino({ level: 'silent' }))).toBeUndefined();
  });
});

describe('logOperation', () => {
  it('hashes the visitor id and logs errors at error level', () => {
    const buffer = new LogRingBuffer(5);
    const logger = createLogger({ level: 'silent', buffer });
    logOperation(logger, { operation: 'reply', status: 'ok', durationMs: 1, visitorId: 'v_1' });
    logOperation(logger, { operation: 'reply', status: 'error', durationMs: 2, code: 'X' });
    const [failed, succeeded] = buffer.records();
    expect(succeeded).toMatchObject({ level: 'info', user: hashIdentifier('v_1') });
    expect(JSON.stringify(succeeded)).not.toContain('v_1');
    expect(failed).toMatchObject({ level: 'error', code: 'X' });
    expect(hashIdentifier('v_1')).toMatch(/^[0-9a-f]{16}$/);
  });
});
