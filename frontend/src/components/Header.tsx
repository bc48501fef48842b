import { ApiError, getTenant, getToken, setTenant, setToken, type Me } from '../api';
import { useLiveStatus } from '../live';
import type { AsyncState } from '../useAsync';
import { errorText } from './common';
import type { MouseEvent } from 'react';

export type Route = '/' | '/graph';

function LiveIndicator() {
  const status = useLiveStatus();
  const style =
    status === 'live'
      ? 'bg-green-100 text-green-800'
      : status === 'connecting'
        ? 'bg-slate-100 text-slate-600'
        : 'bg-amber-100 text-amber-800';
  return (
    <span role="status" aria-live="polite" className={`flex items-center gap-1 rounded px-2 py-0.5 text-xs ${style}`} data-testid="live-status" data-live={status}>
      <span className={`inline-block h-2 w-2 rounded-full ${status === 'live' ? 'bg-green-500' : status === 'connecting' ? 'bg-slate-400' : 'animate-pulse bg-amber-500'}`} aria-hidden />
      {status === 'live' ? 'live' : status === 'connecting' ? 'connecting…' : 'reconnecting…'}
    </span>
  );
}

export function Header({ me, route, navigate }: { me: AsyncState<Me>; route: Route; navigate: (r: Route) => void }) {
  const link = (r: Route, label: string) => (
    <a
      href={r}
      aria-current={route === r ? 'page' : undefined}
      onClick={(e: MouseEvent) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(r);
      }}
      className={`focus-ring rounded px-2 py-1 ${route === r ? 'bg-slate-700 text-white' : 'text-slate-200 hover:bg-slate-700'}`}
    >
      {label}
    </a>
  );
  const picked = getTenant();
  const tenants = me.data ? Array.from(new Set([...(me.data.tenants ?? []), me.data.tenant, ...(picked ? [picked] : [])])).filter(Boolean) : [];
  const current = picked ?? me.data?.tenant ?? '';
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 bg-slate-800 px-4 py-2 text-sm text-white">
      <span className="text-base font-bold tracking-tight">AI-Org</span>
      <nav className="flex items-center gap-1" aria-label="Main">
        {link('/', 'Dashboard')}
        {link('/graph', 'Graph')}
        <a href="/swagger-ui.html" className="focus-ring rounded px-2 py-1 text-slate-200 hover:bg-slate-700" target="_blank" rel="noreferrer">
          API docs
        </a>
      </nav>
      <div className="ml-auto flex items-center gap-3">
        <LiveIndicator />
        {me.data ? (
          <span className="text-slate-300" data-testid="whoami">
            <span className="text-white">{me.data.subject || 'anonymous'}</span> @ <span className="text-white">{me.data.tenant}</span>
          </span>
        ) : me.error ? (
          <span className="text-amber-300" title={errorText(me.error)}>
            {me.error instanceof ApiError && me.error.status === 401 ? 'not signed in' : 'identity unavailable'}
          </span>
        ) : null}
        {tenants.length > 0 ? (
          <label className="flex items-center gap-1 text-slate-300">
            Tenant
            <select
              value={current}
              onChange={(e) => setTenant(e.target.value || null)}
              className="focus-ring rounded border border-slate-600 bg-slate-700 px-1 py-0.5 text-white"
              data-testid="tenant-switcher"
            >
              {tenants.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {getToken() ? (
          <button type="button" className="focus-ring rounded px-2 py-0.5 text-slate-300 hover:bg-slate-700" onClick={() => setToken(null)}>
            Sign out
          </button>
        ) : null}
      </div>
    </header>
  );
}
