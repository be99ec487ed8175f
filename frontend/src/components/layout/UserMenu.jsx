import { useEffect, useRef, useState } from 'react'
import { useAuth } from '../../context/AuthContext.jsx'
import { navigate } from '../../lib/router.js'

// The signed-in user's email as a menu button; the menu holds Settings and Logout.
export default function UserMenu() {
  const { user, logout } = useAuth()
  const [open, setOpen] = useState(false)
  const root = useRef(null)

  useEffect(() => {
    if (!open) return undefined
    const close = (event) => {
      if (event.type === 'keydown' && event.key !== 'Escape') return
      if (event.type === 'mousedown' && root.current?.contains(event.target)) return
      setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  const onLogout = () => {
    setOpen(false)
    logout()
    navigate('/')
  }

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex max-w-64 items-center gap-2 border-2 border-paper px-3 py-1.5 text-sm font-bold hover:bg-brand"
      >
        <span className="truncate" data-testid="user-email">
          {user?.email}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div role="menu" className="brutal-box absolute right-0 z-40 mt-2 w-56 text-ink">
          <p className="border-b-2 border-ink px-3 py-2 text-xs">
            Signed in to <strong>{user?.organization?.name}</strong>
          </p>
          <a role="menuitem" href="#/settings" onClick={() => setOpen(false)} className="block px-3 py-2 text-sm font-bold hover:bg-brand-light">
            Settings
          </a>
          <button role="menuitem" type="button" onClick={onLogout} className="block w-full px-3 py-2 text-left text-sm font-bold hover:bg-brand-light">
            Logout
          </button>
        </div>
      )}
    </div>
  )
}
