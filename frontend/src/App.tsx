import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { getMe, onCredentialsChange, onUnauthorized } from './api';
import { useAsync } from './useAsync';
import { useLiveEvents, useVersion } from './live';
import { useCredentialsVersion } from './hooks';
import { Header, type Route } from './components/Header';
import { BudgetPanel } from './components/BudgetGauge';
import { StatusCounts } from './components/StatusCounts';
import { TaskTable } from './components/TaskTable';
import { CreateTaskForm } from './components/CreateTaskForm';
import { InsightsPanel } from './components/InsightsPanel';
import { TaskDrawer } from './components/TaskDrawer';
import { SignInPanel } from './components/SignInPanel';
import { Spinner } from './components/common';

// React Flow and dagre load only when the graph is opened.
const GraphPage = lazy(() => import('./graph/GraphPage'));

function currentRoute(): Route {
  return window.location.pathname.replace(/\/+$/, '') === '/graph' ? '/graph' : '/';
}

export function Dashboard({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  return (
    <div className="grid gap-3 p-3 lg:grid-cols-[24rem_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-3">
        <BudgetPanel />
        <StatusCounts />
        <CreateTaskForm />
      </div>
      <div className="flex min-w-0 flex-col gap-3">
        <InsightsPanel onOpenTask={onOpenTask} />
        <TaskTable onOpenTask={onOpenTask} />
      </div>
    </div>
  );
}

export default function App() {
  const [route, setRoute] = useState<Route>(currentRoute);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [unauthorized, setUnauthorized] = useState(false);
  const cred = useCredentialsVersion();
  const meVersion = useVersion('me');
  const me = useAsync((signal) => getMe({ signal }), [cred, meVersion]);

  useLiveEvents(cred);
  // Another tenant or identity: the open task may not exist there.
  useEffect(() => setTaskId(null), [cred]);

  useEffect(() => onUnauthorized(() => setUnauthorized(true)), []);
  useEffect(() => onCredentialsChange(() => setUnauthorized(false)), []);
  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((r: Route) => {
    if (r !== currentRoute()) window.history.pushState(null, '', r);
    setRoute(r);
  }, []);
  const openTask = useCallback((id: string) => setTaskId(id), []);
  const closeTask = useCallback(() => setTaskId(null), []);

  return (
    <div className="flex h-screen flex-col">
      <Header me={me} route={route} navigate={navigate} />
      <main className={`min-h-0 flex-1 ${route === '/graph' ? 'overflow-hidden' : 'overflow-y-auto'}`}>
        {unauthorized ? (
          <SignInPanel />
        ) : route === '/graph' ? (
          <Suspense fallback={<div className="p-6"><Spinner label="Loading graph view…" /></div>}>
            <GraphPage onOpenTask={openTask} />
          </Suspense>
        ) : (
          <Dashboard onOpenTask={openTask} />
        )}
      </main>
      {taskId && !unauthorized ? <TaskDrawer taskId={taskId} onClose={closeTask} onOpenTask={openTask} /> : null}
    </div>
  );
}
