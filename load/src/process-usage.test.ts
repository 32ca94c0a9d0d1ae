import { describe, expect, it } from 'vitest';
import {
  cpuPercentBetween,
  parseStatCpuTicks,
  parseStatusRssBytes,
  readProcessSample,
} from './process-usage.ts';

describe('process usage', () => {
  it('adds user and system ticks, also when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194560 500 0 0 0 150 30 0 0 20 0 11';
    expect(parseStatCpuTicks(stat)).toBe(180);
  });

  it('refuses a stat line it cannot read', () => {
    expect(() => parseStatCpuTicks('garbage')).toThrow(/unexpected \/proc stat/);
  });

  it('reads VmRSS in bytes', () => {
    expect(parseStatusRssBytes('Name:\tnode\nVmHWM:\t  9999 kB\nVmRSS:\t  2048 kB\n')).toBe(
      2048 * 1024,
    );
    expect(() => parseStatusRssBytes('Name:\tnode\n')).toThrow(/VmRSS/);
  });

  it('computes CPU percent of one core over wall time', () => {
    const first = { cpuSeconds: 1, rssBytes: 0, at: 0 };
    expect(cpuPercentBetween(first, { cpuSeconds: 1.5, rssBytes: 0, at: 1000 })).toBe(50);
    expect(cpuPercentBetween(first, { cpuSeconds: 3, rssBytes: 0, at: 1000 })).toBe(200);
    expect(cpuPercentBetween(first, { ...first })).toBe(0);
  });

  it('reads this very process', () => {
    const sample = readProcessSample(process.pid);
    expect(sample.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(sample.cpuSeconds).toBeGreaterThan(0);
  });
});
