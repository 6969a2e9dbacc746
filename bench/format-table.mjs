// Plain-text tables for the terminal (and GitHub-flavoured Markdown, which reads the same).

/** Renders `rows` (arrays of strings) under `headers` as a Markdown table with aligned columns. */
export function formatTable(headers, rows) {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell ?? '').padEnd(widths[column])).join(' | ')} |`;
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A number with a fixed count of decimals, or "-" when missing. */
export function formatNumber(value, decimals = 0) {
  if (value == null || Number.isNaN(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "+0.12" style difference, or "-" when missing. */
export function formatDelta(value, decimals = 2) {
  if (value == null) return '-';
  return `${value >= 0 ? '+' : ''}${formatNumber(value, decimals)}`;
}
