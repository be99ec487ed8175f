import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react'

const ToastContext = createContext(null)
const TONES = { success: 'bg-green-100', error: 'bg-red-100', info: 'bg-brand-light' }
const VISIBLE_MS = 5000
// Long enough to notice the toast and reach its button by keyboard.
const ACTION_VISIBLE_MS = 10000

export function ToastProvider({ children }) {
  const [toasts, setToasts] = useState([])
  const nextId = useRef(1)
  const dismiss = useCallback((id) => setToasts((list) => list.filter((t) => t.id !== id)), [])
  // `action` ({ label, onClick }) adds a button, e.g. Undo; pressing it runs it and dismisses the toast.
  const show = useCallback(
    (message, tone = 'success', { action } = {}) => {
      const id = nextId.current++
      setToasts((list) => [...list, { id, message, tone, action }])
      setTimeout(() => dismiss(id), action ? ACTION_VISIBLE_MS : VISIBLE_MS)
    },
    [dismiss],
  )
  const value = useMemo(() => ({ show }), [show])
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div aria-live="polite" className="fixed right-4 bottom-4 z-[60] flex w-80 flex-col gap-2">
        {toasts.map((toast) => (
          <div key={toast.id} role="status" className={`brutal-box flex items-start justify-between gap-2 p-3 text-sm font-semibold ${TONES[toast.tone]}`}>
            <span className="flex-1">{toast.message}</span>
            {toast.action && (
              <button
                type="button"
                onClick={() => {
                  toast.action.onClick()
                  dismiss(toast.id)
                }}
                className="border-2 border-ink bg-paper px-2 text-xs font-bold uppercase hover:bg-brand hover:text-paper"
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)} className="font-bold">
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}

export function useToast() {
  const context = useContext(ToastContext)
  if (!context) throw new Error('useToast must be used inside <ToastProvider>')
  return context
}
