import { Component } from 'react'

// Keeps one broken page from blanking the whole app. The usual cause in production is a lazily loaded chunk
// that vanished because a new version was deployed while the tab was open; reloading fixes that.
export default class ErrorBoundary extends Component {
  constructor(props) {
    super(props)
    this.state = { error: null }
  }

  static getDerivedStateFromError(error) {
    return { error }
  }

  componentDidCatch(error, info) {
    console.error('Page crashed', error, info.componentStack)
  }

  render() {
    if (!this.state.error) return this.props.children
    return (
      <div role="alert" className="mx-auto my-16 flex max-w-lg flex-col items-start gap-4 border-2 border-ink p-6 shadow-brutal">
        <h1 className="text-2xl font-black uppercase">Something went wrong</h1>
        <p className="text-sm">This page failed to load. Reloading usually fixes it; your data is safe on the server.</p>
        <button type="button" onClick={() => window.location.reload()} className="border-2 border-ink bg-brand px-4 py-2 font-bold text-paper uppercase shadow-brutal-sm hover:bg-ink">
          Reload page
        </button>
      </div>
    )
  }
}
