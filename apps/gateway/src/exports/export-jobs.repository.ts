import { Inject, Injectable } from '@nestjs/common';
import type { ExportProgress, ResearchExportJob, ResearchExportRequest } from '@sleep/contracts';
import type { ExportJobs, NewResearchExport } from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';

interface Row {
  export_id: string;
  status: ResearchExportJob['status'];
  request: ResearchExportRequest;
  min_group_size: number;
  progress: ExportProgress;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
  error: string | null;
}

const WAITING: ExportProgress = {
  phase: 'waiting',
  factsRead: 0,
  rowsWritten: 0,
  rowsGeneralised: 0,
  rowsDropped: 0,
};

/** Research exports in `gateway.export_jobs`: every replica sees the same status and progress. */
@Injectable()
export class ExportJobsRepository implements ExportJobs {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async create(job: NewResearchExport): Promise<ResearchExportJob> {
    const [row] = await this.database.query<Row>(
      `insert into gateway.export_jobs (export_id, tenant_id, requested_by, request, min_group_size, progress)
       values ($1, $2, $3, $4, $5, $6) returning *`,
      [
        job.exportId,
        job.tenantId,
        job.requestedBy,
        JSON.stringify(job.request),
        job.minGroupSize,
        JSON.stringify(WAITING),
      ],
    );
    return jobOf(row);
  }

  async get(tenantId: string, exportId: string): Promise<ResearchExportJob | null> {
    const [row] = await this.database.query<Row>(
      'select * from gateway.export_jobs where tenant_id = $1 and export_id = $2',
      [tenantId, exportId],
    );
    return row ? jobOf(row) : null;
  }

  async claim(tenantId: string, exportId: string): Promise<boolean> {
    const rows = await this.database.query(
      `update gateway.export_jobs set status = 'running', updated_at = now()
       where tenant_id = $1 and export_id = $2 and status = 'pending' returning export_id`,
      [tenantId, exportId],
    );
    return rows.length === 1;
  }

  async progress(exportId: string, progress: ExportProgress): Promise<void> {
    await this.database.query(
      'update gateway.export_jobs set progress = $2, updated_at = now() where export_id = $1',
      [exportId, JSON.stringify(progress)],
    );
  }

  async finish(
    exportId: string,
    end: { status: 'complete' | 'failed'; error: string | null; progress: ExportProgress },
  ): Promise<void> {
    await this.database.query(
      `update gateway.export_jobs set status = $2, error = $3, progress = $4, updated_at = now(),
       finished_at = now() where export_id = $1`,
      [exportId, end.status, end.error, JSON.stringify(end.progress)],
    );
  }
}

function jobOf(row: Row): ResearchExportJob {
  return {
    exportId: row.export_id,
    status: row.status,
    from: row.request.from,
    to: row.request.to,
    includeTags: row.request.includeTags,
    minGroupSize: row.min_group_size,
    progress: row.progress,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    error: row.error,
  };
}
