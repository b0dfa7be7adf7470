/*
 * Progress and report names shared by the file imports (customers, survey responses): both run
 * as a job over a file, count processed rows against a total that may be an estimate, and offer
 * the rejected rows as a CSV named after the uploaded file.
 */

export interface ImportJobClock {
  status: string;
  processed: number;
  totalRows: number | null;
  totalIsExact: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Percent stays below 100 until the job says it completed: the total may be an estimate. */
export function importProgress(job: ImportJobClock) {
  const end = job.finishedAt ?? (job.status === 'running' ? new Date() : null);
  const seconds = job.startedAt && end ? (end.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const total = job.totalRows;
  const percent = job.status === 'completed' ? 100 : total ? Math.min(99, Math.floor((job.processed / total) * 100)) : 0;
  return { processed: job.processed, total, totalIsExact: job.totalIsExact, percent, rowsPerSecond: seconds > 0 ? Math.round(job.processed / seconds) : 0 };
}

/** "Spring survey (final).csv" → "Spring_survey_final_.errors.csv": safe in a Content-Disposition. */
export function errorReportFileName(uploaded: string, fallback: string): string {
  const base = uploaded.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || fallback;
  return `${base}.errors.csv`;
}
