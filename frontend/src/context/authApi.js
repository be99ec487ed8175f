// The two calls behind AuthContext. They sit beside it rather than in features/auth because the context is below
// every feature (the layout's user menu and route guard read it), and nothing below a feature may import one.
import { client, data } from '../lib/api.js'

export const login = (email, password) => data(client.post('/auth/login', { email, password }, { isLogin: true }))
export const me = () => data(client.get('/auth/me'))
