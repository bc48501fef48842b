import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { BudgetGauge, gaugeLevel } from '../components/BudgetGauge';

describe('gaugeLevel', () => {
  it('is green at or above 20% remaining', () => {
    expect(gaugeLevel(100, 100)).toBe('green');
    expect(gaugeLevel(100, 20)).toBe('green');
  });
  it('is amber below 20% and at or above 5%', () => {
    expect(gaugeLevel(100, 19.99)).toBe('amber');
    expect(gaugeLevel(100, 5)).toBe('amber');
  });
  it('is red below 5% or at zero', () => {
    expect(gaugeLevel(100, 4.99)).toBe('red');
    expect(gaugeLevel(100, 0)).toBe('red');
    expect(gaugeLevel(100, -1)).toBe('red');
    expect(gaugeLevel(0, 0)).toBe('red');
  });
});

describe('BudgetGauge', () => {
  const b = (remaining: number) => ({ limit_usd: 10, spent_usd: 10 - remaining, reserved_usd: 0, remaining_usd: remaining });

  it.each([
    [5, 'green', 'text-green-700'],
    [1.5, 'amber', 'text-amber-700'],
    [0.4, 'red', 'text-red-700'],
    [0, 'red', 'text-red-700'],
  ])('remaining %s of 10 is %s', (remaining, level, cls) => {
    render(<BudgetGauge budget={b(remaining)} />);
    expect(screen.getByTestId('budget-gauge')).toHaveAttribute('data-level', level);
    expect(screen.getByTestId('budget-remaining')).toHaveClass(cls);
  });

  it('shows all four amounts in USD with 4 decimals', () => {
    render(<BudgetGauge budget={{ limit_usd: 12.5, spent_usd: 3.25, reserved_usd: 0.125, remaining_usd: 9.125 }} />);
    const g = screen.getByTestId('budget-gauge');
    expect(g).toHaveTextContent('$12.5000');
    expect(g).toHaveTextContent('$3.2500');
    expect(g).toHaveTextContent('$0.1250');
    expect(screen.getByTestId('budget-remaining')).toHaveTextContent('$9.1250');
  });
});
