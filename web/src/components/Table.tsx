/**
 * A plain data table styled with Polaris tokens. Polaris DataTable measures every cell
 * on mount (forced layouts), which cost ~0.6 s of the journey map's first render here;
 * these tables are small and static, so a semantic <table> does the job.
 */
import type { ReactNode } from 'react';

const cell = (numeric: boolean, head = false): React.CSSProperties => ({
  textAlign: numeric ? 'right' : 'left',
  padding: 'var(--p-space-200) var(--p-space-300)',
  borderBottom: '1px solid var(--p-color-border-secondary)',
  fontWeight: head ? 'var(--p-font-weight-medium)' : undefined,
  color: head ? 'var(--p-color-text-secondary)' : undefined,
  verticalAlign: 'top',
  fontVariantNumeric: numeric ? 'tabular-nums' : undefined,
  whiteSpace: numeric ? 'nowrap' : undefined,
});

/**
 * `label` names the table for screen readers; its scroll container (tables wider than a
 * phone scroll sideways) is a focusable region with that name, so it can be scrolled by keyboard.
 */
export function Table({ headings, rows, numeric, testid, label }: { headings: ReactNode[]; rows: ReactNode[][]; numeric: boolean[]; testid?: string; label: string }) {
  return (
    <div style={{ overflowX: 'auto' }} data-testid={testid} role="region" aria-label={label} tabIndex={0} data-scroll-region>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 'var(--p-font-size-325)', lineHeight: 'var(--p-font-line-height-500)' }}>
        <thead>
          <tr>
            {headings.map((h, i) => (
              <th key={i} scope="col" style={cell(numeric[i], true)}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row" style={{ ...cell(numeric[j]), fontWeight: 'var(--p-font-weight-regular)' }}>
                    {c}
                  </th>
                ) : (
                  <td key={j} style={cell(numeric[j])}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
