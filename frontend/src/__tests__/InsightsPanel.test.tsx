import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { CriticalPathChain, InsightsPanel } from '../components/InsightsPanel';
import { json, mockFetch } from '../test/fetchMock';

describe('CriticalPathChain', () => {
  it('renders the ids as a chain with the token sum', () => {
    const onOpen = vi.fn();
    render(<CriticalPathChain path={{ ids: ['T-1', 'T-4', 'T-9'], length: 3, tokens: 12.5 }} onOpenTask={onOpen} />);
    expect(screen.getByTestId('critical-path-chain').textContent).toBe('T-1 → T-4 → T-9');
    expect(screen.getByTestId('critical-path-summary')).toHaveTextContent('3 tasks · 12.5k tokens planned');
    fireEvent.click(screen.getByRole('button', { name: 'T-4' }));
    expect(onOpen).toHaveBeenCalledWith('T-4');
  });

  it('says so when there is no path', () => {
    render(<CriticalPathChain path={{ ids: [], length: 0, tokens: 0 }} onOpenTask={() => {}} />);
    expect(screen.getByText('No open critical path.')).toBeInTheDocument();
    expect(screen.queryByTestId('critical-path-chain')).toBeNull();
  });
});

describe('InsightsPanel', () => {
  it('shows blocked tasks, the critical path and alerts from /api/insights', async () => {
    mockFetch((c) =>
      c.url === '/api/insights'
        ? json({
            blocked: [{ id: 'T-5', description: 'Deploy', blocked_by: ['T-4'], reason: 'dependency failed' }],
            waiting_count: 4,
            ready_count: 2,
            critical_path: { ids: ['T-1', 'T-2'], length: 2, tokens: 900 },
            alerts: [{ at: '2026-11-29T10:00:00Z', kind: 'budget', task_id: null, message: 'Budget below 20%' }],
          })
        : undefined,
    );
    render(<InsightsPanel onOpenTask={() => {}} />);
    expect(await screen.findByTestId('critical-path-chain')).toHaveTextContent('T-1 → T-2');
    expect(screen.getByTestId('blocked-list')).toHaveTextContent('Deploy');
    expect(screen.getByTestId('blocked-list')).toHaveTextContent('dependency failed');
    expect(screen.getByTestId('alerts')).toHaveTextContent('Budget below 20%');
    expect(screen.getByText('2 ready · 4 waiting')).toBeInTheDocument();
  });

  it('shows the error when the request fails', async () => {
    mockFetch(() => json({ title: 'Internal Server Error', status: 500, detail: 'boom' }, 500, 'application/problem+json'));
    render(<InsightsPanel onOpenTask={() => {}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('boom');
  });
});
