import type { ExportProgress, ResearchExportJob } from '@sleep/contracts';
import type { ExportJobs, NewResearchExport } from '../ports/export-jobs.port';

/** Research exports in memory, with the store's rules (tenant-scoped, claimed once). */
export class FakeExportJobs implements ExportJobs {
  readonly jobs = new Map<string, ResearchExportJob & { tenantId: string }>();

  async create(job: NewResearchExport): Promise<ResearchExportJob> {
    const stored = {
      tenantId: job.tenantId,
      exportId: job.exportId,
      status: 'pending' as const,
      ...job.request,
      minGroupSize: job.minGroupSize,
      progress: {
        phase: 'waiting' as const,
        factsRead: 0,
        rowsWritten: 0,
        rowsGeneralised: 0,
        rowsDropped: 0,
      },
      requestedBy: job.requestedBy,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.jobs.set(job.exportId, stored);
    return this.view(stored);
  }
  async get(tenantId: string, exportId: string) {
    const job = this.jobs.get(exportId);
    return job && job.tenantId === tenantId ? this.view(job) : null;
  }
  async claim(tenantId: string, exportId: string) {
    const job = this.jobs.get(exportId);
    if (!job || job.tenantId !== tenantId || job.status !== 'pending') return false;
    job.status = 'running';
    return true;
  }
  async progress(exportId: string, progress: ExportProgress) {
    const job = this.jobs.get(exportId);
    if (job) job.progress = progress;
  }
  async finish(
    exportId: string,
    end: { status: 'complete' | 'failed'; error: string | null; progress: ExportProgress },
  ) {
    const job = this.jobs.get(exportId);
    if (job) Object.assign(job, { ...end, finishedAt: new Date().toISOString() });
  }
  private view({ tenantId: _tenant, ...job }: ResearchExportJob & { tenantId: string }) {
    return structuredClone(job);
  }
}
