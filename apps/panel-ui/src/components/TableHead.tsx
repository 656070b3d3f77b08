/** A column header: a label, or one read only by screen readers (a column of buttons). */
export type TableColumn = string | { label: string; className?: string; hidden?: boolean };

/** A table's header row, every cell a column header (scope="col"). */
export function TableHead({ columns }: { columns: TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, className, hidden } = typeof column === 'string' ? { label: column, className: undefined, hidden: false } : column;
          return (
            <th key={label} scope="col" className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
