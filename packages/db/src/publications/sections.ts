import type { PublicationDraft, RawBlock } from '@jixiao/core';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';

/** An item chosen for publication, as the section providers see it. */
export interface SelectedItem {
  id: number;
  code: string;
  name: string;
  kind: string;
  orgUnitId: number;
  orgUnitName: string;
  departmentId: number;
  departmentCode: string;
  departmentName: string;
  approvedAmountFen: number;
  responsiblePerson: string;
  isNewMajor: boolean;
}

export interface SelectedDepartment {
  id: number;
  code: string;
  name: string;
}

export interface SectionContext {
  db: DbOrTx;
  platform: Pick<Platform, 'config'>;
  regionId: number;
  fiscalYear: number;
  draft: PublicationDraft;
  items: readonly SelectedItem[];
  /** Departments whose department-wide targets are chosen. */
  departments: readonly SelectedDepartment[];
}

/** One block a section contributes about one selected subject. */
export interface SectionContribution {
  subject: { kind: 'item' | 'department'; id: number };
  block: RawBlock;
}

/**
 * A section of a publication (目标, 执行, 整改, later 评价结果 from the evaluation work): it reads
 * what the system holds about the selected items and departments and says it as blocks whose
 * fields are marked public, internal or personal. The core projection decides what the public
 * sees; a provider never needs to leave anything out itself, only to mark it.
 */
export interface PublicationSectionProvider {
  /** Stable id, stored in a publication's selection. */
  section: string;
  /** Chinese title, shown when the finance bureau selects sections. */
  title: string;
  collect(ctx: SectionContext): Promise<SectionContribution[]>;
  /** Names of people this section may mention (scrubbed by the projection). */
  personalNames?(ctx: SectionContext): Promise<string[]>;
}
