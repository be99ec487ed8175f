import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, vi } from 'vitest'

afterEach(() => {
  cleanup()
  localStorage.clear()
  sessionStorage.clear()
  window.location.hash = ''
})

// Monaco cannot run in jsdom: code blocks stay plain text in tests, unless a test mocks the highlighter itself.
vi.mock('../lib/highlight.js', () => ({ highlight: () => new Promise(() => {}) }))
