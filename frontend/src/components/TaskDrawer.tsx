import { useEffect, useRef, type ReactNode } from 'react';
import { getTask, type Task } from '../api';
import { useAsync } from '../useAsync';
import { useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { blocks, dec, int, text, when } from '../format';
import { ErrorBox, Spinner } from './common';
import { StatusBadge } from './StatusBadge';

export function TokensBar({ plan, actual }: { plan: number | null; actual: number | null }) {
  const p = plan ?? 0;
  const a = actual ?? 0;
  const max = Math.max(p, a, 1);
  const over = p > 0 && a > p;
  return (
    <div className="w-full">
      <div className="flex justify-between text-xs tabular-nums">
        <span>actual {blocks(actual)}</span>
        <span>plan {blocks(plan)}</span>
      </div>
      <div className="relative mt-0.5 h-2 w-full rounded bg-slate-200" aria-hidden>
        <div className={`h-2 rounded ${over ? 'bg-red-500' : 'bg-blue-500'}`} style={{ width: `${(a / max) * 100}%` }} />
        {p > 0 ? <div className="absolute top-[-2px] h-3 w-0.5 bg-slate-700" style={{ left: `calc(${(p / max) * 100}% - 1px)` }} title="plan" /> : null}
      </div>
      {over ? <p className="text-xs text-red-700">{Math.round(((a - p) / p) * 100)}% over plan</p> : null}
    </div>
  );
}

function Row({ k, children }: { k: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2 border-b border-slate-100 py-1">
      <dt className="text-slate-500">{k}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function TaskDetails({ task, onOpenTask }: { task: Task; onOpenTask: (id: string) => void }) {
  return (
    <dl className="text-sm">
      <Row k="Status">
        <StatusBadge status={task.status} />
      </Row>
      <Row k="Role">
        {text(task.role)}
        {task.role_source ? <span className="ml-1 text-xs text-slate-500">({task.role_source})</span> : null}
      </Row>
      <Row k="Owner">{text(task.owner)}</Row>
      <Row k="Value">{dec(task.est_value)}</Row>
      <Row k="Tokens (1k blocks)">
        <TokensBar plan={task.tokens_plan} actual={task.tokens_actual} />
      </Row>
      <Row k="Purpose relevance">
        {dec(task.purpose_relevance)}
        {task.relevance_source ? <span className="ml-1 text-xs text-slate-500">({task.relevance_source})</span> : null}
      </Row>
      <Row k="Depends on">
        {task.depends_on.length === 0 ? (
          '—'
        ) : (
          <span className="flex flex-wrap gap-1">
            {task.depends_on.map((d) => (
              <button
                key={d}
                type="button"
                className="focus-ring rounded bg-slate-100 px-1 font-mono text-blue-700 hover:bg-slate-200"
                onClick={() => onOpenTask(d)}
              >
                {d}
              </button>
            ))}
          </span>
        )}
      </Row>
      <Row k="Hold reason">{text(task.hold_reason)}</Row>
      <Row k="Model">{text(task.model)}</Row>
      <Row k="Latency">{task.latency_ms === null ? '—' : `${int(task.latency_ms)} ms`}</Row>
      <Row k="Attempts">{int(task.attempts)}</Row>
      <Row k="Tokens in / out">
        {int(task.tokens_in)} / {int(task.tokens_out)}
      </Row>
      <Row k="Error">{task.error ? <span className="text-red-700">{task.error}</span> : '—'}</Row>
      <Row k="Created">{when(task.created_at)}</Row>
      <Row k="Updated">{when(task.updated_at)}</Row>
      <div className="py-1">
        <dt className="text-slate-500">Output</dt>
        <dd>
          {task.output ? (
            <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-900 p-2 text-xs text-slate-100" tabIndex={0} data-testid="task-output">
              {task.output}
            </pre>
          ) : (
            '—'
          )}
        </dd>
      </div>
    </dl>
  );
}

/** Side panel with all fields of one task; closes on Escape or the close button. */
export function TaskDrawer({ taskId, onClose, onOpenTask }: { taskId: string; onClose: () => void; onOpenTask: (id: string) => void }) {
  const cred = useCredentialsVersion();
  const v = useVersion('task');
  const task = useAsync((signal) => getTask(taskId, { signal }), [taskId, cred, v]);
  const closeRef = useRef<HTMLButtonElement>(null);
  const current = task.data?.id === taskId ? task.data : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => {
      if (prev && document.contains(prev)) prev.focus();
    };
  }, []);

  const title = `drawer-title`;
  return (
    <aside
      role="dialog"
      aria-labelledby={title}
      className="fixed inset-y-0 right-0 z-40 flex w-[min(30rem,100vw)] flex-col border-l border-slate-200 bg-white shadow-2xl"
      data-testid="task-drawer"
    >
      <div className="flex items-start justify-between gap-2 border-b border-slate-200 p-3">
        <div className="min-w-0">
          <h2 id={title} className="font-mono text-sm text-slate-500">
            Task {taskId}
          </h2>
          <p className="text-base font-medium">{current?.description ?? ''}</p>
        </div>
        <button ref={closeRef} type="button" className="btn" onClick={onClose} aria-label="Close task details (Escape)">
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">
        {current ? (
          <>
            {task.error ? <ErrorBox error={task.error} /> : null}
            <TaskDetails task={current} onOpenTask={onOpenTask} />
          </>
        ) : task.refreshing ? (
          <Spinner label="Loading task…" />
        ) : task.error ? (
          <ErrorBox error={task.error} />
        ) : null}
      </div>
    </aside>
  );
}
