import Logo from './Logo.jsx'

export default function NotFoundPage() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <Logo />
      <h1 className="text-3xl font-black uppercase">Page not found</h1>
      <p className="text-sm">The address you opened does not exist.</p>
      <a href="#/" className="border-2 border-ink bg-brand px-4 py-2 font-bold text-paper uppercase shadow-brutal">
        Go home
      </a>
    </main>
  )
}
