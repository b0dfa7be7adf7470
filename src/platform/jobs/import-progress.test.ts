import { describe, expect, it } from 'vitest';
import { errorReportFileName, importProgress } from './import-progress.js';

const t0 = new Date('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('import progress', () => {
  it('counts rows per second over the job run and stays below 100 % until completed', () => {
    // 2,500 of an estimated 2,500 rows in 4 s: 625 rows/s, but 99 % while the job still runs.
    const running = importProgress({ status: 'finalizing', processed: 2500, totalRows: 2500, totalIsExact: false, startedAt: t0, finishedAt: at(4) });
    expect(running).toEqual({ processed: 2500, total: 2500, totalIsExact: false, percent: 99, rowsPerSecond: 625 });
    const done = importProgress({ status: 'completed', processed: 2500, totalRows: 2500, totalIsExact: true, startedAt: t0, finishedAt: at(4) });
    expect(done.percent).toBe(100);
    // 1 of 3 rows → 33 % (floored); no total yet → 0 %; not started → 0 rows/s.
    expect(importProgress({ status: 'queued', processed: 1, totalRows: 3, totalIsExact: true, startedAt: null, finishedAt: null })).toMatchObject({ percent: 33, rowsPerSecond: 0 });
    expect(importProgress({ status: 'queued', processed: 0, totalRows: null, totalIsExact: false, startedAt: null, finishedAt: null }).percent).toBe(0);
  });

  it('names the error report after the uploaded file, safe for a header', () => {
    expect(errorReportFileName('Spring survey (final).csv', 'responses')).toBe('Spring_survey_final_.errors.csv');
    expect(errorReportFileName('.csv', 'import')).toBe('import.errors.csv');
  });
});
