import type { PluginExamples } from '@jixiao/plugin-kit';
import type { ProcurementAttributesInput } from './attributes.ts';

const clean: ProcurementAttributesInput = {
  method: 'public_tender',
  category: 'goods',
  budgetFen: 500_000_000,
  contractAmountFen: 450_000_000,
  smeContractFen: 200_000_000,
  smeSuitable: true,
  smeReservedShare: 0.4,
  awardNoticeOn: '2026-05-10',
  contractSignedOn: '2026-05-28',
  plannedCompletionDate: '2026-10-31',
};

/** Worked examples (checked by the contract test); the snapshot date is 2026-08-31. */
export const examples: PluginExamples<ProcurementAttributesInput> = {
  clean: {
    note: '预算500万元公开招标，合同450万元（节约10%），中小企业占44%，中标后18天签约，10月底交付',
    attributes: clean,
  },
  fires: {
    'savings-rate': {
      note: '合同520万元超过预算500万元（超预算，红色）；合同340万元则为节约率32%（黄色）',
      attributes: { ...clean, contractAmountFen: 520_000_000 },
    },
    'sme-share': {
      note: '中小企业合同100万元 / 合同450万元 = 22%（<30%）',
      attributes: { ...clean, smeContractFen: 100_000_000 },
    },
    'contract-signing-overdue': {
      note: '2026-06-15发出中标通知书，截至8月31日（77天）未签合同',
      attributes: { ...clean, awardNoticeOn: '2026-06-15', contractSignedOn: undefined },
    },
    'method-compliance': {
      note: '预算500万元（≥400万元）采用竞争性磋商，未经批准',
      attributes: { ...clean, method: 'competitive_consultation', methodApproved: false },
    },
    'completion-overdue': {
      note: '计划2026-07-31完成，8月31日仍未验收',
      attributes: { ...clean, plannedCompletionDate: '2026-07-31' },
    },
  },
};
