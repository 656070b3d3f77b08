import { useLayoutEffect, useRef } from 'react';

export interface TerminalOutputProps {
  text: string;
  /** Shown (to sighted users only) while `text` is empty. */
  placeholder: string;
  /** The accessible name of the output. */
  label: string;
  testId?: string;
}

/** Monospace output on a dark background that keeps to the bottom unless the user scrolled up. */
export function TerminalOutput({ text, placeholder, label, testId }: TerminalOutputProps) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const pre = ref.current;
    if (pre && stick.current) pre.scrollTop = pre.scrollHeight;
  }, [text]);

  return (
    <div className="terminal-wrap">
      <pre
        ref={ref}
        className="terminal"
        data-testid={testId}
        tabIndex={0}
        aria-label={label}
        onScroll={(event) => {
          const pre = event.currentTarget;
          stick.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
        }}
      >
        {text}
      </pre>
      {!text && (
        <span className="terminal-placeholder" aria-hidden="true">
          {placeholder}
        </span>
      )}
    </div>
  );
}
