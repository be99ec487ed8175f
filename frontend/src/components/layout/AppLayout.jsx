import Logo from './Logo.jsx'
import UserMenu from './UserMenu.jsx'

const NAV = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/assessments', label: 'Assessments' },
  { to: '/candidates', label: 'Candidates' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/settings', label: 'Settings' },
  { to: '/outbox', label: 'Outbox' },
]

// Signed-in shell: top bar with the sections and the user menu; `banner` (from App.jsx, which knows the app's
// records) runs across every page under it.
export default function AppLayout({ path, banner, children }) {
  return (
    <div className="min-h-screen bg-neutral-50">
      <header className="border-b-2 border-ink bg-ink text-paper">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <a href="#/dashboard">
            <Logo inverted />
            <span className="sr-only"> dashboard</span>
          </a>
          <UserMenu />
        </div>
        <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap gap-1 px-4 pb-2">
          {NAV.map((item) => {
            const current = path === item.to || path.startsWith(`${item.to}/`)
            return (
              <a
                key={item.to}
                href={`#${item.to}`}
                aria-current={current ? 'page' : undefined}
                className={`border-2 px-3 py-1 text-sm font-bold uppercase ${current ? 'border-paper bg-brand' : 'border-transparent hover:border-paper'}`}
              >
                {item.label}
              </a>
            )
          })}
        </nav>
      </header>
      {banner}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  )
}
