import type { ConsoleServerMessage } from '@panel/contracts';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { consoleSocketUrl, describeClose, reconnectDelay } from './consoleSocket';
import { TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE, terminalFontLoaded, terminalFontReady, terminalLineHeight } from './terminalFont';

export type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'exited'; exitStatus: number | null }
  | { kind: 'reconnecting'; message: string }
  | { kind: 'closed'; message: string };

export interface ConsoleTerminalProps {
  consoleId: number;
  onStatus?: (status: TerminalStatus) => void;
  /** Changes to this number ask the terminal to restart an exited program. */
  restartSignal?: number;
}

const encoder = new TextEncoder();

/**
 * xterm.js attached to a console's WebSocket. Keystrokes go out as bytes; output comes in as bytes (UTF-8 decoded by
 * xterm, even when a character spans two messages). When the connection drops (a server restart, a network blip),
 * it connects again and the server redraws the screen with its recent scrollback.
 */
export function ConsoleTerminal({ consoleId, onStatus, restartSignal }: ConsoleTerminalProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const statusRef = useRef(onStatus);
  statusRef.current = onStatus;
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const report = (next: TerminalStatus) => {
      setStatus(next);
      statusRef.current?.(next);
    };
    // xterm.js measures its cell from the font once, when it opens: wait for the web font (a few hundred ms at most
    // on a first visit, nothing once cached), or the cells keep the fallback font's size.
    let stop: (() => void) | undefined;
    let cancelled = false;
    void terminalFontReady().then((fontLoaded) => {
      if (!cancelled) stop = openTerminal(element, consoleId, fontLoaded, socketRef, report);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [consoleId]);

  useEffect(() => {
    if (!restartSignal) return;
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'restart' }));
  }, [restartSignal]);

  return (
    <div className="console-terminal-frame">
      <div className="console-terminal" ref={containerRef} data-testid="console-terminal" data-status={status.kind} />
    </div>
  );
}

/** Opens xterm.js in `element` and connects it to the console; returns what undoes both. */
function openTerminal(
  element: HTMLElement,
  consoleId: number,
  fontLoaded: boolean,
  socketRef: RefObject<WebSocket | null>,
  report: (status: TerminalStatus) => void,
): () => void {
  const term = new Terminal({
    cursorBlink: true,
    scrollback: 5000,
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: TERMINAL_FONT_SIZE,
    lineHeight: terminalLineHeight(fontLoaded),
    theme: { background: '#1e1e1e', foreground: '#e6e6e6' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();

  // Started with a fallback font (the web font was slow): when it arrives, measure the cells again. xterm.js
  // re-measures when the font option changes, so change it and put it back.
  const fonts = 'fonts' in document ? document.fonts : undefined;
  const remeasure = () => {
    if (!terminalFontLoaded()) return;
    fonts?.removeEventListener('loadingdone', remeasure);
    term.options.lineHeight = terminalLineHeight(true);
    term.options.fontFamily = 'monospace';
    term.options.fontFamily = TERMINAL_FONT_FAMILY;
    try {
      fit.fit();
    } catch {
      // not laid out
    }
  };
  if (!fontLoaded) fonts?.addEventListener('loadingdone', remeasure);

  // Copy and paste: Ctrl+Shift+C copies (and Ctrl+C copies when text is selected, like PythonAnywhere); the
  // browser's own paste (Ctrl+V, Ctrl+Shift+V, the context menu) reaches xterm, which sends it as typed.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    const key = event.key.toLowerCase();
    if (event.ctrlKey && key === 'c' && (event.shiftKey || term.hasSelection())) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
      if (!event.shiftKey) term.clearSelection();
      return false;
    }
    if (event.ctrlKey && key === 'v') return false;
    return true;
  });

  let disposed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (data: string | Uint8Array) => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(data);
  };
  const inputs = [
    term.onData((data) => send(encoder.encode(data))),
    term.onBinary((data) => send(Uint8Array.from(data, (c) => c.charCodeAt(0)))),
    term.onResize(({ cols, rows }) => send(JSON.stringify({ type: 'resize', cols, rows }))),
  ];

  const connect = () => {
    if (disposed) return;
    const socket = new WebSocket(consoleSocketUrl(window.location, consoleId, term.cols, term.rows));
    socket.binaryType = 'arraybuffer';
    socketRef.current = socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        term.write(new Uint8Array(event.data as ArrayBuffer));
        return;
      }
      const message = JSON.parse(event.data) as ConsoleServerMessage;
      if (message.type === 'attached') {
        attempt = 0;
        report({ kind: 'connected' });
      } else if (message.type === 'exited') {
        report({ kind: 'exited', exitStatus: message.exitStatus });
      } else if (message.type === 'error') {
        report({ kind: 'reconnecting', message: message.message });
      }
    };
    socket.onclose = (event) => {
      if (socketRef.current === socket) socketRef.current = null;
      if (disposed) return;
      const outcome = describeClose(event.code, event.reason);
      if (!outcome.reconnect) {
        report({ kind: 'closed', message: outcome.message });
        return;
      }
      report({ kind: 'reconnecting', message: outcome.message });
      timer = setTimeout(connect, reconnectDelay(attempt++));
    };
  };
  connect();
  term.focus();

  const observer = new ResizeObserver(() => {
    try {
      fit.fit();
    } catch {
      // not laid out yet
    }
  });
  observer.observe(element);

  return () => {
    disposed = true;
    clearTimeout(timer);
    fonts?.removeEventListener('loadingdone', remeasure);
    observer.disconnect();
    inputs.forEach((d) => d.dispose());
    socketRef.current?.close(1000);
    socketRef.current = null;
    term.dispose();
  };
}
