import { Fragment } from 'react';
import { getInsights, type CriticalPath } from '../api';
import { useAsync } from '../useAsync';
import { invalidateNow, useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { blocks, when } from '../format';
import { Card, ErrorBox, Spinner } from './common';

const idButton = 'focus-ring rounded font-mono text-blue-700 underline decoration-dotted hover:text-blue-900';

/** The critical path as a chain "a → b → c" with its length and token sum. */
export function CriticalPathChain({ path, onOpenTask }: { path: CriticalPath; onOpenTask: (id: string) => void }) {
  if (!path.ids.length) return <p className="text-sm text-slate-500">No open critical path.</p>;
  return (
    <div data-testid="critical-path">
      <p className="flex flex-wrap items-center gap-x-1 text-sm" data-testid="critical-path-chain">
        {path.ids.map((id, i) => (
          <Fragment key={`${id}-${i}`}>
            {i > 0 ? (
              <span aria-hidden className="text-amber-600">
                {' → '}
              </span>
            ) : null}
            <button type="button" className={idButton} onClick={() => onOpenTask(id)}>
              {id}
            </button>
          </Fragment>
        ))}
      </p>
      <p className="mt-0.5 text-xs text-slate-600" data-testid="critical-path-summary">
        {path.length} {path.length === 1 ? 'task' : 'tasks'} · {blocks(path.tokens)} tokens planned
      </p>
    </div>
  );
}

export function InsightsPanel({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const cred = useCredentialsVersion();
  const v = useVersion('insights');
  const insights = useAsync((signal) => getInsights({ signal }), [cred, v]);
  const d = insights.data;
  return (
    <Card
      title="Insights"
      id="insights"
      right={d ? <span className="text-xs text-slate-600">{d.ready_count} ready · {d.waiting_count} waiting</span> : undefined}
    >
      {insights.loading ? (
        <Spinner />
      ) : !d ? (
        <ErrorBox error={insights.error} onRetry={() => invalidateNow('insights')} />
      ) : (
        <div className="grid gap-3 text-sm xl:grid-cols-3">
          <div>
            <h3 className="text-xs font-semibold text-slate-500">Critical path</h3>
            <CriticalPathChain path={d.critical_path} onOpenTask={onOpenTask} />
          </div>
          <div>
            <h3 className="text-xs font-semibold text-slate-500">Blocked ({d.blocked.length})</h3>
            {d.blocked.length === 0 ? (
              <p className="text-slate-500">Nothing is blocked.</p>
            ) : (
              <ul className="max-h-32 overflow-y-auto" data-testid="blocked-list">
                {d.blocked.map((b) => (
                  <li key={b.id} className="border-b border-slate-100 py-0.5">
                    <button type="button" className={idButton} onClick={() => onOpenTask(b.id)}>
                      {b.id}
                    </button>{' '}
                    <span className="text-slate-700">{b.description}</span>
                    <div className="text-xs text-slate-500">
                      {b.reason}
                      {b.blocked_by.length ? (
                        <>
                          {' '}
                          — by{' '}
                          {b.blocked_by.map((x, i) => (
                            <Fragment key={x}>
                              {i ? ', ' : ''}
                              <button type="button" className={idButton} onClick={() => onOpenTask(x)}>
                                {x}
                              </button>
                            </Fragment>
                          ))}
                        </>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="text-xs font-semibold text-slate-500">Recent alerts</h3>
            {d.alerts.length === 0 ? (
              <p className="text-slate-500">No alerts.</p>
            ) : (
              <ul className="max-h-32 overflow-y-auto text-xs" data-testid="alerts">
                {d.alerts.slice(0, 20).map((a, i) => (
                  <li key={`${a.at}-${i}`} className="border-b border-slate-100 py-0.5">
                    <span className="text-slate-500">{when(a.at)}</span>{' '}
                    <span className="rounded bg-amber-100 px-1 text-amber-800">{a.kind}</span>{' '}
                    {a.task_id ? (
                      <button type="button" className={idButton} onClick={() => onOpenTask(a.task_id!)}>
                        {a.task_id}
                      </button>
                    ) : null}{' '}
                    {a.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {insights.error ? <p className="text-xs text-red-700 xl:col-span-3">Refresh failed: {insights.error.message}</p> : null}
        </div>
      )}
    </Card>
  );
}
