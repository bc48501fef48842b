import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CreateTaskForm } from '../components/CreateTaskForm';
import { json, mockFetch, type Call } from '../test/fetchMock';

const existing = {
  items: [
    { id: 'T-1', description: 'Design schema', status: 'done', depends_on: [] },
    { id: 'T-2', description: 'Write API', status: 'todo', depends_on: ['T-1'] },
  ],
  total: 2,
};

function setup(answer: (c: Call) => Response) {
  return mockFetch((c) => {
    if (c.method === 'GET' && c.url.startsWith('/api/tasks')) return json(existing);
    if (c.method === 'POST' && c.url === '/task') return answer(c);
    return undefined;
  });
}

const problem = (body: object) => json({ type: 'about:blank', title: 'Bad Request', status: 400, ...body }, 400, 'application/problem+json');

describe('CreateTaskForm', () => {
  it('shows each problem+json error next to its field', async () => {
    setup(() =>
      problem({
        detail: 'Validation failed',
        errors: [
          { field: 'description', message: 'must not be blank' },
          { field: 'depends_on[0]', message: 'unknown task T-404' },
          { field: 'tokens_plan', message: 'must be positive' },
        ],
      }),
    );
    render(<CreateTaskForm />);
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));

    const description = screen.getByLabelText('Description');
    await waitFor(() => expect(description).toHaveAttribute('aria-invalid', 'true'));
    expect(description).toHaveAccessibleDescription('must not be blank');
    const descField = description.closest('[data-field]') as HTMLElement;
    expect(within(descField).getByText('must not be blank')).toBeInTheDocument();

    const deps = screen.getByRole('group', { name: /Dependencies/ });
    expect(within(deps).getByText('unknown task T-404')).toHaveAttribute('data-field-error', 'depends_on');

    const tokens = screen.getByLabelText(/^Tokens plan/);
    expect(within(tokens.closest('[data-field]') as HTMLElement).getByText('must be positive')).toBeInTheDocument();

    // A field matched, so the generic detail is not shown at the top.
    expect(screen.queryByText('Validation failed')).not.toBeInTheDocument();
    // Nothing was wrongly attached to value.
    expect(screen.getByLabelText(/^Value/)).not.toHaveAttribute('aria-invalid');
  });

  it('shows detail at the top when no field matches', async () => {
    setup(() => problem({ detail: 'Budget exhausted for tenant', errors: [{ field: 'owner', message: 'unknown owner' }] }));
    render(<CreateTaskForm />);
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Do it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    const top = await screen.findByTestId('form-error');
    expect(top).toHaveTextContent('Budget exhausted for tenant');
    expect(top).toHaveTextContent('owner: unknown owner');
  });

  it('sends the form as JSON and clears it on 201', async () => {
    const { calls } = setup(() => json({ id: 'T-3', description: 'Ship it', status: 'todo', depends_on: ['T-2'] }, 201));
    render(<CreateTaskForm />);
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Ship it' } });
    fireEvent.change(screen.getByLabelText(/^Value/), { target: { value: '8' } });
    fireEvent.change(screen.getByLabelText(/^Tokens plan/), { target: { value: '1200' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'dev' } });
    fireEvent.click(await screen.findByRole('checkbox', { name: /T-2/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));

    expect(await screen.findByTestId('form-created')).toHaveTextContent('T-3');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ description: 'Ship it', value: 8, tokens_plan: 1200, role: 'dev', depends_on: ['T-2'] });
    expect(screen.getByLabelText('Description')).toHaveValue('');
    expect(screen.getByLabelText(/^Tokens plan/)).toHaveValue(null);
    expect(screen.getByLabelText('Role')).toHaveValue('');
    expect(screen.getByRole('checkbox', { name: /T-2/ })).not.toBeChecked();
  });
});
