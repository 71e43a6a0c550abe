// The kinds of query the log bench times (bench/log-child.ts), each a `reports:list` request
// as the window sends it (offset 0 and 100 rows unless said). Its own file with no imports,
// so the child can read it before it starts timing how long the app's modules take to load.
//
// What a clerk does in the log: open it, page on, filter by state, type into the search box
// (a whole usage place code or its end, a customer or an invoice number, and the first
// characters of any of them, which every report matches: usage place codes of a utility
// share their first ten digits, customer numbers their letter), alone or with a state
// filter, and scroll far down. Each kind is timed on its own, and the slowest kind's p95 is
// held to the goal (log_query_p95_worst_kind_ms).

/** What bench/log-child.ts prints the moment the first page is answered: the end of a cold start. */
export const FIRST_PAGE_MARK = '@@first-page';

export interface LogQuery {
  state?: 'queued' | 'sending' | 'sent' | 'failed' | 'held' | 'discarded' | 'superseded';
  search?: string;
  offset?: number;
}

export const LOG_QUERIES: Record<string, LogQuery> = {
  first_page: {},
  second_page: { offset: 100 },
  deep_page: { offset: 90_000 },
  state_queued: { state: 'queued' },
  state_failed: { state: 'failed' },
  state_sent: { state: 'sent' },
  state_sent_deep_page: { state: 'sent', offset: 90_000 },
  search_usageplace: { search: '643007572000004321' },
  search_usageplace_end: { search: '04321' },
  search_usageplace_common_prefix: { search: '6430075720' },
  search_usageplace_two_digits: { search: '64' },
  search_customer: { search: 'A102345' },
  search_customer_one_letter: { search: 'A' },
  search_invoice: { search: '577777' },
  search_one_digit: { search: '4' },
  search_one_digit_deep_page: { search: '4', offset: 90_000 },
  search_no_match: { search: 'ZZZ-nothing' },
  search_two_chars_no_match: { search: 'Z9' },
  state_sent_search_customer: { state: 'sent', search: 'A101111' },
  state_sent_search_two_digits: { state: 'sent', search: '64' },
  state_failed_search_two_digits: { state: 'failed', search: '64' },
  state_queued_search_common_prefix: { state: 'queued', search: '6430075720' },
};
