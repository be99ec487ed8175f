import { describe, expect, it } from 'vitest'
import { apiBase, errorMessage, fieldErrors, readBlobError } from './api.js'

const apiError = (status, data) => ({ response: { status, data } })

describe('apiBase', () => {
  it('is same-origin without VITE_API_URL', () => {
    expect(apiBase(undefined)).toBe('/api/v1')
    expect(apiBase('')).toBe('/api/v1')
  })
  it('points at the API origin VITE_API_URL names, however it is written', () => {
    for (const url of ['https://api.example.com', 'https://api.example.com/', 'https://api.example.com/api/v1/']) {
      expect(apiBase(url)).toBe('https://api.example.com/api/v1')
    }
  })
})

describe('errorMessage', () => {
  it('prefers the API detail', () => expect(errorMessage(apiError(400, { detail: 'Email already registered' }))).toBe('Email already registered'))
  it('falls back to field errors', () => {
    expect(errorMessage(apiError(422, { errors: [{ field: 'name', message: 'Name is required' }] }))).toBe('Name is required')
  })
  it('explains a network failure and a rate limit', () => {
    expect(errorMessage(new Error('Network Error'))).toMatch(/Cannot reach the server/)
    expect(errorMessage(apiError(429, {}))).toMatch(/Too many attempts/)
  })
})

describe('fieldErrors', () => {
  it('maps the list by field and ignores junk', () => {
    expect(fieldErrors(apiError(422, { errors: [{ field: 'email', message: 'bad' }, { message: 'no field' }] }))).toEqual({ email: 'bad' })
    expect(fieldErrors(apiError(500, 'oops'))).toEqual({})
  })
})

describe('readBlobError', () => {
  it('turns a JSON error body that arrived as a Blob into the API detail', async () => {
    const error = apiError(404, new Blob([JSON.stringify({ detail: 'Not found' })], { type: 'application/json' }))
    await expect(readBlobError(error)).rejects.toBe(error)
    expect(errorMessage(error)).toBe('Not found')
  })
  it('keeps the generic message for a body that is not JSON', async () => {
    const error = apiError(502, new Blob(['<html>bad gateway</html>']))
    await expect(readBlobError(error)).rejects.toBe(error)
    expect(errorMessage(error)).toBe('Something went wrong. Please try again.')
  })
})
