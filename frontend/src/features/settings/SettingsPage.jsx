import PageHeader from '../../components/layout/PageHeader.jsx'
import { Card, Tabs } from '../../components/ui/index.js'
import { navigate } from '../../lib/router.js'
import BillingTab from './billing/BillingTab.jsx'
import CandidateResultsCard from './CandidateResultsCard.jsx'
import OrganizationCard from './OrganizationCard.jsx'
import WorkableTab from './WorkableTab.jsx'

const TABS = [
  { id: 'workable', label: 'Workable' },
  { id: 'billing', label: 'Billing' },
]

export default function SettingsPage({ query }) {
  // The tab lives in the address, so Stripe's return links and a reload land on the Billing tab.
  const tab = query?.get('tab') === 'billing' ? 'billing' : 'workable'
  const setTab = (id) => navigate(`/settings?tab=${id}`)
  return (
    <>
      <PageHeader title="Settings" />
      <OrganizationCard />
      <CandidateResultsCard />
      <Card>
        <Tabs tabs={TABS} active={tab} onChange={setTab} idPrefix="settings-tab">
          {tab === 'workable' ? <WorkableTab /> : <BillingTab checkout={query?.get('checkout')} />}
        </Tabs>
      </Card>
    </>
  )
}
