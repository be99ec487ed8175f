import { useCallback, useRef, useState } from 'react'
import { monaco } from '../../../lib/monaco.js'

export const TAB_FOCUS_STORAGE_KEY = 'tali_ide_tab_moves_focus'
const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform ?? '')
// Ctrl+M everywhere: Monaco's own binding is Ctrl+Shift+M on a Mac (Cmd+M minimises the window there).
const TOGGLE_KEY = (IS_MAC ? monaco.KeyMod.WinCtrl : monaco.KeyMod.CtrlCmd) | monaco.KeyCode.KeyM

const stored = () => {
  try {
    return localStorage.getItem(TAB_FOCUS_STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

// What the Tab key does in the editor: indent (the default, as in any code editor) or move focus to the next
// control, so a keyboard user is never trapped. The editor option is the single source of truth (Ctrl+M, the
// toolbar toggle and a remembered choice all set it); Monaco's global tab-focus flag is left alone because the
// editor ORs it with the option, which would make the mode impossible to switch off.
export default function useTabFocus() {
  const [movesFocus, setMovesFocus] = useState(stored)
  const editorRef = useRef(null)
  const movesFocusRef = useRef(movesFocus)

  const apply = useCallback((next) => {
    movesFocusRef.current = next
    setMovesFocus(next)
    editorRef.current?.updateOptions({ tabFocusMode: next })
    try {
      localStorage.setItem(TAB_FOCUS_STORAGE_KEY, next ? '1' : '0')
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }, [])

  const toggle = useCallback(() => apply(!movesFocusRef.current), [apply])

  // Called from the editor's onMount.
  const attach = useCallback(
    (editor) => {
      editorRef.current = editor
      editor.updateOptions({ tabFocusMode: movesFocusRef.current })
      editor.addCommand(TOGGLE_KEY, toggle)
    },
    [toggle],
  )

  return { movesFocus, toggle, attach }
}
