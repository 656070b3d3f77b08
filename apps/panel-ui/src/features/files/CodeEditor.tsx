import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { markdown } from '@codemirror/lang-markdown';
import { python } from '@codemirror/lang-python';
import { indentUnit } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { EditorLanguage } from './paths';

export interface CodeEditorHandle {
  getText(): string;
  /** Replaces the whole text (after "Reload from disk"). */
  setText(text: string): void;
  focus(): void;
}

export interface CodeEditorProps {
  initialText: string;
  language: EditorLanguage;
  label: string;
  onChange: (text: string) => void;
  onSave: () => void;
  handleRef: MutableRefObject<CodeEditorHandle | null>;
}

function languageExtension(language: EditorLanguage): Extension {
  switch (language) {
    case 'python':
      return [python(), indentUnit.of('    ')];
    case 'html':
      return html();
    case 'javascript':
    case 'json':
      return javascript();
    case 'typescript':
      return javascript({ typescript: true });
    case 'css':
      return css();
    case 'markdown':
      return markdown();
    default:
      return [];
  }
}

/** CodeMirror 6 with the file's highlighting; Ctrl-S (Cmd-S) saves. Loaded on demand: it is the biggest part of the UI. */
export default function CodeEditor({ initialText, language, label, onChange, onSave, handleRef }: CodeEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  useEffect(() => {
    const view = new EditorView({
      parent: parent.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                callbacks.current.onSave();
                return true;
              },
            },
          ]),
          basicSetup,
          languageExtension(language),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    handleRef.current = {
      getText: () => view.state.doc.toString(),
      setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
      focus: () => view.focus(),
    };
    return () => {
      handleRef.current = null;
      view.destroy();
    };
    // The editor is made once per file (the parent keys it by path); later text changes go through the handle.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={parent} className="files-code-editor" data-testid="code-editor" />;
}
