import PageHeader from '../../components/layout/PageHeader.jsx'
import { Card, Tabs } from '../../components/ui/index.js'
import { navigate } from '../../lib/router.js'
import AccountCard from './AccountCard.jsx'
import BillingTab from './billing/BillingTab.jsx'
import CandidateResultsCard from './CandidateResultsCard.jsx'
import OrganizationCard from './OrganizationCard.jsx'
import TeamTab from './team/TeamTab.jsx'
import WorkableTab from './WorkableTab.jsx'

const TABS = [
  { id: 'workable', label: 'Workable' },
  { id: 'billing', label: 'Billing' },
  { id: 'team', label: 'Team' },
]

function TabPanel({ tab, checkout }) {
  if (tab === 'billing') return <BillingTab checkout={checkout} />
  if (tab === 'team') return <TeamTab />
  return <WorkableTab />
}

export default function SettingsPage({ query }) {
  // The tab lives in the address, so Stripe's return links and a reload land on the same tab.
  const asked = query?.get('tab')
  const tab = TABS.some((t) => t.id === asked) ? asked : 'workable'
  const setTab = (id) => navigate(`/settings?tab=${id}`)
  return (
    <>
      <PageHeader title="Settings" />
      <AccountCard />
      <OrganizationCard />
      <CandidateResultsCard />
      <Card>
        <Tabs tabs={TABS} active={tab} onChange={setTab} idPrefix="settings-tab">
          <TabPanel tab={tab} checkout={query?.get('checkout')} />
        </Tabs>
      </Card>
    </>
  )
}
