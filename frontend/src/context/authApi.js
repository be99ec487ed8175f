// The calls behind AuthContext. They sit beside it rather than in features/auth because the context is below
// every feature (the layout's user menu and route guard read it), and nothing below a feature may import one.
import { client, data } from '../lib/api.js'

// `withCredentials`: the answer also sets the refresh cookie, which must be kept when the API is on another origin.
export const login = (email, password) =>
  data(client.post('/auth/login', { email, password }, { isLogin: true, withCredentials: true }))
// Ends the session's refresh token on the server (and its cookie); the access token is forgotten by the caller.
export const logout = () => client.post('/auth/logout', null, { withCredentials: true, noRefresh: true })
export const me = () => data(client.get('/auth/me'))
