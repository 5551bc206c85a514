import type { EnterpriseOverview, ExpertOverview } from '@/api'
import { outcomes } from '@/test-utils/fixtures'

/** The figure shown for one outcome (`outcome-<key>`) in the detail page's totals. */
export function figure(key: string): string {
  return document.querySelector(`[data-testid=outcome-${key}] dd`)?.textContent?.trim() ?? ''
}

/** An expert's detail page with one pairing, visit, matched need and service record (of 51). */
export function expertOverviewFixture(): ExpertOverview {
  return {
    expert: {
      id: 'x1',
      name: '李娜',
      gender: 'female',
      birthMonth: '1980-05',
      education: 'doctorate',
      title: 'senior',
      organizationId: 'o1',
      position: '教授',
      discipline: '材料科学与工程',
      specialties: ['储能', '电池材料'],
      phone: '13905712345',
      email: null,
      idCard: '110105********002X',
      serviceForm: 'stationed',
      batchId: 'b1',
      serviceStart: '2026-01-01',
      serviceEnd: null,
      status: 'active',
      notes: null,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      revision: 1,
    },
    organizationName: '浙江大学',
    batchName: '2026年第一批',
    assignments: [
      {
        id: 'a1',
        expertId: 'x1',
        expertName: '李娜',
        enterpriseId: 'f1',
        enterpriseName: '湖州电梯有限公司',
        batchId: 'b1',
        batchName: '2026年第一批',
        startDate: '2026-01-05',
        endDate: null,
        agreementSigned: true,
        agreementSignedOn: null,
        targetServiceDays: null,
        targetVisits: null,
        targetNeedsSolved: null,
        targetContractFen: null,
        targetOther: null,
        notes: null,
        createdAt: '2026-01-05T00:00:00Z',
        updatedAt: '2026-01-05T00:00:00Z',
        revision: 1,
      },
    ],
    visits: {
      items: [
        {
          id: 'v1',
          visitDate: '2026-03-02',
          mode: 'on_site',
          enterpriseId: 'f1',
          enterpriseName: '湖州电梯有限公司',
          expertNames: ['李娜', '王强'],
          purpose: '了解需求',
          followUpDate: '2026-04-01',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    },
    needs: {
      items: [
        {
          id: 'n1',
          title: '曳引机噪声偏大',
          enterpriseId: 'f1',
          enterpriseName: '湖州电梯有限公司',
          needType: 'process_improvement',
          stage: 'matched',
          stageChangedOn: '2026-03-05',
          matchMethod: 'assigned',
          matchedOn: '2026-03-06',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    },
    serviceRecords: {
      items: [
        {
          id: 's1',
          expertId: 'x1',
          expertName: '李娜',
          enterpriseId: 'f1',
          enterpriseName: '湖州电梯有限公司',
          startDate: '2026-03-03',
          endDate: '2026-03-04',
          serviceDays: 1.5,
          serviceType: 'consulting',
          content: '工艺诊断',
          contractAmountFen: 123_456_789,
          satisfaction: 'basically_satisfied',
        },
      ],
      total: 51,
      page: 1,
      pageSize: 50,
    },
    events: {
      items: [
        {
          id: 'e1',
          eventType: 'matchmaking',
          title: '新材料供需对接会',
          eventDate: '2026-03-10',
          place: '湖州市科技局',
          attendance: 35,
          enterpriseNames: ['湖州电梯有限公司', '安吉竹木制品厂'],
          expertNames: ['李娜'],
          attachmentCount: 0,
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    },
    workload: { monthRecords: 1, monthDays: 1.5, yearRecords: 4, yearDays: 7 },
    outcomes: outcomes({ records: 51, serviceDays: 60.5, contractAmountFen: 123_456_789, patents: 2 }),
    evaluations: { evaluated: 4, satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, weightedPercent: 65 },
  }
}

/** An enterprise's detail page with a primary contact and an accepted check-digit override. */
export function enterpriseOverviewFixture(): EnterpriseOverview {
  const expert = expertOverviewFixture()
  return {
    enterprise: {
      id: 'f1',
      name: '湖州电梯有限公司',
      creditCode: '91330500MA2B3C4D5X',
      creditCodeOverride: '与营业执照原件核对无误',
      province: '浙江省',
      city: '湖州市',
      county: '南浔区',
      regionCode: '330503',
      address: '练市镇工业园区 8 号',
      legalRepresentative: '沈建国',
      industry: 'C',
      mainProducts: '曳引式电梯',
      size: 'medium',
      isHighTech: true,
      isTechSme: false,
      isSpecialized: true,
      notes: null,
      contacts: [
        { id: 'c1', name: '沈丽', position: '技术部经理', phone: '13857212345', email: null, isPrimary: true },
      ],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      revision: 3,
    },
    assignments: expert.assignments,
    visits: expert.visits,
    needs: { ...expert.needs, items: expert.needs.items.map((n) => ({ ...n, matchMethod: null, matchedOn: null })) },
    serviceRecords: { ...expert.serviceRecords, total: 1 },
    events: expert.events,
    outcomes: outcomes({ records: 1, serviceDays: 1.5, contractAmountFen: 5_000 }),
    evaluations: { evaluated: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, weightedPercent: null },
  }
}
