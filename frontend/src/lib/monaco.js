// Makes @monaco-editor/react use the bundled Monaco instead of its default CDN copy.
// Import this module before any <Editor> mounts (CodeEditor.jsx does); only lazy-loaded pages may import it,
// so the ~4 MB of Monaco never reaches the landing page.
import { loader } from '@monaco-editor/react'
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/python/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'

// Python needs only the generic editor worker; Vite emits it as a same-origin file (no blob:, no CDN).
self.MonacoEnvironment = {
  getWorker() {
    return new EditorWorker()
  },
}
loader.config({ monaco })

export { monaco }
