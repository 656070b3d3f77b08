import type { FileEntryType } from '@panel/contracts';

/** Small outline icons (SVG: emoji fonts are not everywhere). */
export function FileIcon({ type }: { type: FileEntryType }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.4, 'aria-hidden': true } as const;
  if (type === 'directory') {
    return (
      <svg {...common} className="files-icon files-icon-folder">
        <path d="M1.5 3.5h4.2l1.5 1.6h7.3v8.4H1.5z" strokeLinejoin="round" />
      </svg>
    );
  }
  if (type === 'symlink') {
    return (
      <svg {...common} className="files-icon">
        <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8" strokeLinecap="round" />
      </svg>
    );
  }
  return (
    <svg {...common} className="files-icon">
      <path d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" strokeLinejoin="round" />
    </svg>
  );
}
