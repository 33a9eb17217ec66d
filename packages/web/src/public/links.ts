/** Where the public pages link to: the live site under /public/, or the files of a static export. */
export interface PublicLinks {
  home(): string;
  set(slug: string): string;
  department(slug: string, key: string): string;
  item(slug: string, key: string): string;
  /** null: no search (a static export has no server to answer). */
  search(slug: string): string | null;
  csv(slug: string): string;
  json(slug: string): string;
  /** null: no survey (a static export posts nowhere). */
  feedback(slug: string, key: string): string | null;
  challenge(): string | null;
  /** The year's index of every department and item, a page that needs no server (static export only). */
  index(slug: string): string | null;
  /** The page telling how to take part in the survey on the live site (static export only). */
  surveyHelp(slug: string): string | null;
  /** An item's survey on the live server, from a static page; null without a configured server. */
  liveSurvey(slug: string, key: string): string | null;
}

const seg = encodeURIComponent;

export const SERVER_LINKS: PublicLinks = {
  home: () => '/public/',
  set: (s) => `/public/${seg(s)}/`,
  department: (s, k) => `/public/${seg(s)}/departments/${seg(k)}`,
  item: (s, k) => `/public/${seg(s)}/items/${seg(k)}`,
  search: (s) => `/public/${seg(s)}/search`,
  csv: (s) => `/public/${seg(s)}/data.csv`,
  json: (s) => `/public/${seg(s)}/data.json`,
  feedback: (s, k) => `/public/${seg(s)}/items/${seg(k)}/feedback`,
  challenge: () => '/public/challenge',
  index: () => null,
  surveyHelp: () => null,
  liveSurvey: () => null,
};

/** A file name safe on any portal: letters, digits, - and _ only. */
export const fileKey = (key: string) => key.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * Flat files next to each other, so every link is relative and the folder can be put anywhere. A
 * static host cannot take answers: the survey links to the live server at `liveBaseUrl` (e.g.
 * `https://jixiao.example.gov.cn`), when there is one.
 */
export function staticLinks(liveBaseUrl: string | null): PublicLinks {
  const base = liveBaseUrl?.replace(/\/+$/, '') ?? null;
  return {
    ...STATIC_LINKS,
    liveSurvey: (s, k) => (base ? `${base}${SERVER_LINKS.item(s, k)}#feedback-form` : null),
  };
}

const STATIC_LINKS: PublicLinks = {
  home: () => 'index.html',
  set: (s) => `${fileKey(s)}.html`,
  department: (s, k) => `${fileKey(s)}-department-${fileKey(k)}.html`,
  item: (s, k) => `${fileKey(s)}-item-${fileKey(k)}.html`,
  search: () => null,
  csv: (s) => `${fileKey(s)}.csv`,
  json: (s) => `${fileKey(s)}.json`,
  feedback: () => null,
  challenge: () => null,
  index: (s) => `${fileKey(s)}-index.html`,
  surveyHelp: (s) => `${fileKey(s)}-survey.html`,
  liveSurvey: () => null,
};
