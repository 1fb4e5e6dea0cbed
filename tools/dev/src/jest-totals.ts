import { readFileSync } from 'node:fs';

interface JestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  success: boolean;
}

/** The closing line CI reads: totals over every test project. */
export function jestTotalsLine(reportPath: string): { line: string; success: boolean } {
  let report: JestJsonReport;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as JestJsonReport;
  } catch {
    return { line: '0 passed, 1 failed', success: false };
  }
  // A suite that could not run has no failed test of its own; count it as one.
  const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  const skipped = report.numPendingTests + report.numTodoTests;
  const line = `${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  return { line, success: report.success && failed === 0 };
}
