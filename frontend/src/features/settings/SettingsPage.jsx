import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Card, Tabs } from '../../components/ui/index.js'
import BillingTab from './BillingTab.jsx'
import OrganizationCard from './OrganizationCard.jsx'
import WorkableTab from './WorkableTab.jsx'

const TABS = [
  { id: 'workable', label: 'Workable' },
  { id: 'billing', label: 'Billing' },
]

export default function SettingsPage({ query }) {
  const [tab, setTab] = useState(query?.get('tab') === 'billing' ? 'billing' : 'workable')
  return (
    <>
      <PageHeader title="Settings" />
      <OrganizationCard />
      <Card>
        <Tabs tabs={TABS} active={tab} onChange={setTab} idPrefix="settings-tab">
          {tab === 'workable' ? <WorkableTab /> : <BillingTab />}
        </Tabs>
      </Card>
    </>
  )
}
