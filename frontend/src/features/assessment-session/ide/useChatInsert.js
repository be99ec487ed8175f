import { useCallback } from 'react'
import { useToast } from '../../../components/ui/index.js'
import { insertIntoEditor } from './chatInsert.js'

// Insert from the chat: the code on lines of its own at the cursor, a toast saying where with an Undo, and the
// insert recorded as evidence (`chat_insert`, which the timeline and the scoring engine read as an AI insert).
export default function useChatInsert({ editorRef, record }) {
  const toast = useToast()
  return useCallback(
    (code) => {
      const editor = editorRef.current
      if (!editor) return
      const { line, undo } = insertIntoEditor(editor, code)
      record('chat_insert', { chars: code.length, line })
      toast.show(`Inserted at line ${line}`, 'info', {
        action: {
          label: 'Undo',
          onClick: () => {
            if (!undo()) toast.show('The inserted code has changed since, so it was left in place. Use Ctrl+Z to step back.', 'error')
          },
        },
      })
    },
    [editorRef, record, toast],
  )
}
