import Logo from '../../components/layout/Logo.jsx'

// Frame for the candidate's pages outside the IDE: logo bar and a centred card.
export default function SessionShell({ children }) {
  return (
    <div className="flex min-h-screen flex-col bg-neutral-100">
      <header className="border-b-2 border-ink bg-paper px-6 py-3">
        <Logo />
      </header>
      <main className="flex flex-1 items-start justify-center p-6 sm:items-center">
        <div className="brutal-box w-full max-w-2xl p-6 sm:p-8">{children}</div>
      </main>
    </div>
  )
}
