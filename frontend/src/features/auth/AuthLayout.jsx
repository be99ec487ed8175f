import Logo from '../../components/layout/Logo.jsx'

export default function AuthLayout({ title, subtitle, children, footer }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-brand-light px-4 py-10">
      <a href="#/" className="mb-6">
        <Logo />
        <span className="sr-only"> home</span>
      </a>
      <div className="brutal-box w-full max-w-md p-6 sm:p-8">
        <h1 className="text-2xl font-black uppercase">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-neutral-700">{subtitle}</p>}
        <div className="mt-6">{children}</div>
      </div>
      {footer && <div className="mt-6 text-center text-sm">{footer}</div>}
    </main>
  )
}
