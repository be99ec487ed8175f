export { getAnalytics } from '../../shared/api.js'
