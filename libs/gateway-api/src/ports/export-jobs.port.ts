import type { ExportProgress, ResearchExportJob, ResearchExportRequest } from '@sleep/contracts';

export interface NewResearchExport {
  tenantId: string;
  exportId: string;
  requestedBy: string;
  request: ResearchExportRequest;
  minGroupSize: number;
}

/** Research exports and their progress, shared by every replica (`gateway.export_jobs`). */
export interface ExportJobs {
  create(job: NewResearchExport): Promise<ResearchExportJob>;
  /** Null when the tenant has no such export. */
  get(tenantId: string, exportId: string): Promise<ResearchExportJob | null>;
  /** Pending → running, atomically; false when it is not pending (being or already downloaded). */
  claim(tenantId: string, exportId: string): Promise<boolean>;
  progress(exportId: string, progress: ExportProgress): Promise<void>;
  finish(
    exportId: string,
    end: { status: 'complete' | 'failed'; error: string | null; progress: ExportProgress },
  ): Promise<void>;
}
