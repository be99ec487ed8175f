// The recruiter's stored session: the access token and who to tell when the server refuses it. Kept apart from
// the HTTP client so that a page which never calls the API (the landing page) does not download it.
export const TOKEN_KEY = 'tali_access_token'

export function getStoredToken() {
  return localStorage.getItem(TOKEN_KEY)
}

export function storeToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

let onUnauthorized = () => {}

// AuthContext registers this so an expired session anywhere drops the user back to the landing page.
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

export function sessionRefused() {
  storeToken(null)
  onUnauthorized()
}
