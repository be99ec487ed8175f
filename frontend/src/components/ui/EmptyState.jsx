export default function EmptyState({ title, message, action }) {
  return (
    <div className="flex flex-col items-center gap-3 border-2 border-dashed border-ink p-8 text-center">
      <p className="text-lg font-black uppercase">{title}</p>
      {message && <p className="max-w-md text-sm text-neutral-700">{message}</p>}
      {action}
    </div>
  )
}
