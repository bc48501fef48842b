import { useEffect, useState, type ReactNode } from 'react';
import { ROLES, TASK_STATUSES, listTasks, type Role, type SortField, type SortOrder, type Task, type TaskStatus } from '../api';
import { useAsync } from '../useAsync';
import { invalidateNow, useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { blocks, dec, when } from '../format';
import { Card, ErrorBox, Spinner } from './common';
import { StatusBadge } from './StatusBadge';

export const PAGE_SIZE = 25;

interface Column {
  key: string;
  label: string;
  sort?: SortField;
  className?: string;
  render: (t: Task) => ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'id', label: 'ID', className: 'font-mono whitespace-nowrap', render: (t) => t.id },
  {
    key: 'description',
    label: 'Description',
    className: 'max-w-[22rem]',
    render: (t) => (
      <span className="line-clamp-2" title={t.description}>
        {t.description}
      </span>
    ),
  },
  { key: 'status', label: 'Status', sort: 'status', render: (t) => <StatusBadge status={t.status} /> },
  { key: 'role', label: 'Role', sort: 'role', render: (t) => t.role ?? <span className="text-slate-400">auto</span> },
  { key: 'est_value', label: 'Value', sort: 'est_value', className: 'text-right tabular-nums', render: (t) => dec(t.est_value) },
  { key: 'tokens_plan', label: 'Tokens plan', sort: 'tokens_plan', className: 'text-right tabular-nums', render: (t) => blocks(t.tokens_plan) },
  {
    key: 'purpose_relevance',
    label: 'Relevance',
    sort: 'purpose_relevance',
    className: 'text-right tabular-nums',
    render: (t) => dec(t.purpose_relevance),
  },
  {
    key: 'value_density',
    label: 'Value density',
    sort: 'value_density',
    className: 'text-right tabular-nums',
    render: (t) => dec(t.value_density, 4),
  },
  { key: 'created_at', label: 'Created', sort: 'created_at', className: 'whitespace-nowrap', render: (t) => when(t.created_at) },
];

export function TaskTable({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const cred = useCredentialsVersion();
  const v = useVersion('tasks');
  const [status, setStatus] = useState<TaskStatus | ''>('');
  const [role, setRole] = useState<Role | ''>('');
  const [sort, setSort] = useState<SortField>('created_at');
  const [order, setOrder] = useState<SortOrder>('desc');
  const [page, setPage] = useState(0);

  const tasks = useAsync(
    (signal) => listTasks({ status, role, sort, order, limit: PAGE_SIZE, offset: page * PAGE_SIZE }, { signal }),
    [cred, v, status, role, sort, order, page],
  );
  const total = tasks.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  useEffect(() => {
    if (tasks.data && page > 0 && page >= pages) setPage(pages - 1);
  }, [tasks.data, page, pages]);

  const onSort = (f: SortField) => {
    if (f === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(f);
      setOrder(f === 'status' || f === 'role' ? 'asc' : 'desc');
    }
    setPage(0);
  };

  const filters = (
    <div className="flex items-center gap-2 text-sm">
      <label className="flex items-center gap-1">
        Status
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as TaskStatus | '');
            setPage(0);
          }}
          className="input py-0.5"
        >
          <option value="">all</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        Role
        <select
          value={role}
          onChange={(e) => {
            setRole(e.target.value as Role | '');
            setPage(0);
          }}
          className="input py-0.5"
        >
          <option value="">all</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {tasks.refreshing && !tasks.loading ? <span className="text-xs text-slate-400">updating…</span> : null}
    </div>
  );

  const from = total === 0 ? 0 : page * PAGE_SIZE + 1;
  const to = Math.min(total, (page + 1) * PAGE_SIZE);

  return (
    <Card title="Backlog" id="backlog" right={filters}>
      {tasks.loading ? (
        <Spinner label="Loading tasks…" />
      ) : !tasks.data ? (
        <ErrorBox error={tasks.error} onRetry={() => invalidateNow('tasks')} />
      ) : (
        <>
          {tasks.error ? <ErrorBox error={tasks.error} /> : null}
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm" data-testid="task-table">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
                  {COLUMNS.map((c) => (
                    <th
                      key={c.key}
                      scope="col"
                      className={`px-2 py-1 font-medium ${c.className?.includes('text-right') ? 'text-right' : ''}`}
                      aria-sort={c.sort && c.sort === sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      {c.sort ? (
                        <button type="button" className="focus-ring inline-flex items-center gap-0.5 rounded hover:text-slate-900" onClick={() => onSort(c.sort!)}>
                          {c.label}
                          <span aria-hidden className="w-3 text-[10px]">
                            {c.sort === sort ? (order === 'asc' ? '▲' : '▼') : '↕'}
                          </span>
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tasks.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={COLUMNS.length} className="px-2 py-6 text-center text-slate-500">
                      {status || role ? 'No tasks match the filters.' : 'The backlog is empty. Create a task below.'}
                    </td>
                  </tr>
                ) : (
                  tasks.data.items.map((t) => (
                    <tr
                      key={t.id}
                      data-task-id={t.id}
                      tabIndex={0}
                      onClick={() => onOpenTask(t.id)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          onOpenTask(t.id);
                        }
                      }}
                      className="focus-ring cursor-pointer border-b border-slate-100 hover:bg-slate-50"
                      aria-label={`Task ${t.id}: ${t.description}`}
                    >
                      {COLUMNS.map((c) => (
                        <td key={c.key} className={`px-2 py-1 align-top ${c.className ?? ''}`}>
                          {c.render(t)}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <nav className="mt-2 flex items-center justify-between text-sm text-slate-600" aria-label="Backlog pages">
            <span>
              {from}–{to} of {total}
            </span>
            <span className="flex items-center gap-2">
              <button type="button" className="btn py-0.5" disabled={page === 0} onClick={() => setPage(page - 1)}>
                ← Prev
              </button>
              <span>
                Page {page + 1} / {pages}
              </span>
              <button type="button" className="btn py-0.5" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next →
              </button>
            </span>
          </nav>
        </>
      )}
    </Card>
  );
}
