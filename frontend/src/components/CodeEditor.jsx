import { THEME } from '../lib/monaco.js'
import Editor from '@monaco-editor/react'
import Spinner from './ui/Spinner.jsx'

const BASE_OPTIONS = {
  minimap: { enabled: false },
  fontSize: 14,
  automaticLayout: true,
  scrollBeyondLastLine: false,
  stickyScroll: { enabled: false },
  tabSize: 4,
}

// Python editor backed by the locally bundled Monaco. Import it only from lazy-loaded modules.
export default function CodeEditor({ value, onChange, readOnly = false, height = '400px', onMount, language = 'python', ariaLabel = 'Code editor' }) {
  return (
    <div className="border-2 border-ink">
      <Editor
        height={height}
        language={language}
        value={value ?? ''}
        theme={THEME}
        onChange={(next) => onChange?.(next ?? '')}
        onMount={onMount}
        loading={<Spinner label="Loading editor…" />}
        options={{ ...BASE_OPTIONS, readOnly, domReadOnly: readOnly, ariaLabel }}
      />
    </div>
  )
}
