import { TASK_STATUSES, getCounts } from '../api';
import { useAsync } from '../useAsync';
import { invalidateNow, useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { STATUS_COLORS } from '../status';
import { Card, ErrorBox, Spinner } from './common';

export function StatusCounts() {
  const cred = useCredentialsVersion();
  const v = useVersion('counts');
  const counts = useAsync((signal) => getCounts({ signal }), [cred, v]);
  return (
    <Card title="Tasks by status" id="counts">
      {counts.loading ? (
        <Spinner />
      ) : !counts.data ? (
        <ErrorBox error={counts.error} onRetry={() => invalidateNow('counts')} />
      ) : (
        <ul className="grid grid-cols-4 gap-2" data-testid="status-counts">
          {TASK_STATUSES.map((s) => (
            <li key={s} className="rounded border border-slate-200 p-2 text-center" data-status={s}>
              <div className="text-2xl font-semibold tabular-nums">{counts.data![s]}</div>
              <div className="flex items-center justify-center gap-1 text-xs text-slate-600">
                <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: STATUS_COLORS[s].fill }} aria-hidden />
                {s}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
