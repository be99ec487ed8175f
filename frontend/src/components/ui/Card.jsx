export default function Card({ title, actions, className = '', children, ...rest }) {
  return (
    <section className={`brutal-box p-5 ${className}`} {...rest}>
      {(title || actions) && (
        <header className="mb-4 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-lg font-black uppercase tracking-tight">{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  )
}
