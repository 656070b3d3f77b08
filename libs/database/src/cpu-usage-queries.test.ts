import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPeriod } from './cpu-usage-queries';

describe('the daily CPU period', () => {
  test('starts at the reset time today once it has passed, and the next reset is a day later', () => {
    const period = cpuPeriod(new Date('2026-12-02T13:00:00Z'), { hour: 4, minute: 30 });
    assert.equal(period.start.toISOString(), '2026-12-02T04:30:00.000Z');
    assert.equal(period.next.toISOString(), '2026-12-03T04:30:00.000Z');
  });

  test("before today's reset time it is still yesterday's period", () => {
    const period = cpuPeriod(new Date('2026-12-02T04:29:59Z'), { hour: 4, minute: 30 });
    assert.equal(period.start.toISOString(), '2026-12-01T04:30:00.000Z');
    assert.equal(period.next.toISOString(), '2026-12-02T04:30:00.000Z');
  });

  test('the reset instant itself begins the new period, also across a month and a year', () => {
    assert.equal(cpuPeriod(new Date('2027-01-01T00:00:00Z'), { hour: 0, minute: 0 }).start.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(cpuPeriod(new Date('2027-03-01T00:10:00Z'), { hour: 23, minute: 59 }).start.toISOString(), '2027-02-28T23:59:00.000Z');
  });
});
