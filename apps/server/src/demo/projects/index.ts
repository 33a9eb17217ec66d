import type { SectorCatalog } from '../library.ts';
import type { Sector } from '../sectors.ts';
import {
  CERAMICS,
  COMMERCE,
  DEVELOPMENT_REFORM,
  FINANCE,
  INDUSTRY,
  SCIENCE,
  STATE_ASSETS,
} from './economy.ts';
import { HOUSING, TRANSPORT, URBAN_MANAGEMENT, WATER } from './infrastructure.ts';
import { CULTURE_TOURISM, EMERGENCY, MARKET_REGULATION, PUBLIC_SECURITY, SPORT } from './public.ts';
import { AGRICULTURE, ENVIRONMENT, FORESTRY, NATURAL_RESOURCES } from './rural.ts';
import { CIVIL_AFFAIRS, EDUCATION, HEALTH, HUMAN_RESOURCES, MEDICAL_SECURITY, VETERANS } from './social.ts';

/** Every sector's indicator library and item templates (each catalog names its own sector). */
export const SECTOR_CATALOGS: Readonly<Record<Sector, SectorCatalog>> = {
  education: EDUCATION,
  health: HEALTH,
  housing: HOUSING,
  urban_management: URBAN_MANAGEMENT,
  transport: TRANSPORT,
  water: WATER,
  agriculture: AGRICULTURE,
  forestry: FORESTRY,
  environment: ENVIRONMENT,
  natural_resources: NATURAL_RESOURCES,
  civil_affairs: CIVIL_AFFAIRS,
  veterans: VETERANS,
  human_resources: HUMAN_RESOURCES,
  medical_security: MEDICAL_SECURITY,
  culture_tourism: CULTURE_TOURISM,
  sport: SPORT,
  public_security: PUBLIC_SECURITY,
  emergency: EMERGENCY,
  market_regulation: MARKET_REGULATION,
  industry: INDUSTRY,
  ceramics: CERAMICS,
  science: SCIENCE,
  commerce: COMMERCE,
  development_reform: DEVELOPMENT_REFORM,
  state_assets: STATE_ASSETS,
  finance: FINANCE,
};
