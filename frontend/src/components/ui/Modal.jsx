import { useEffect, useId, useRef } from 'react'
import { createPortal } from 'react-dom'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

// Dialog with a focus trap: Tab cycles inside, Escape closes, focus returns to the opener on close.
export default function Modal({ open, title, onClose, children, footer, width = 'max-w-lg' }) {
  const titleId = useId()
  const panel = useRef(null)
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    if (!open) return undefined
    const opener = document.activeElement
    const first = panel.current?.querySelector(FOCUSABLE)
    ;(first ?? panel.current)?.focus()
    const onKeyDown = (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation()
        onCloseRef.current()
        return
      }
      if (event.key !== 'Tab' || !panel.current) return
      const items = [...panel.current.querySelectorAll(FOCUSABLE)]
      if (items.length === 0) return
      const [head, tail] = [items[0], items[items.length - 1]]
      if (event.shiftKey && document.activeElement === head) {
        event.preventDefault()
        tail.focus()
      } else if (!event.shiftKey && document.activeElement === tail) {
        event.preventDefault()
        head.focus()
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      if (opener instanceof HTMLElement) opener.focus()
    }
  }, [open])

  if (!open) return null
  return createPortal(
    <div className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-ink/50 p-4 sm:items-center">
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={`brutal-box w-full ${width} bg-paper`}
      >
        <header className="flex items-center justify-between border-b-2 border-ink bg-ink px-5 py-3 text-paper">
          <h2 id={titleId} className="text-lg font-black uppercase">
            {title}
          </h2>
          <button type="button" onClick={onClose} aria-label="Close dialog" className="px-2 text-xl font-bold leading-none hover:text-brand">
            ×
          </button>
        </header>
        <div className="p-5">{children}</div>
        {footer && <footer className="flex flex-wrap justify-end gap-2 border-t-2 border-ink px-5 py-3">{footer}</footer>}
      </div>
    </div>,
    document.body,
  )
}
