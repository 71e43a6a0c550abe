// The outbox log, paged: the list may hold 100,000 reports, so only the pages the viewport
// needs are asked for (reports:list with offset/limit) and kept. When reports change, the
// pages on screen are asked for again and the others forgotten.
import type { AppErrorData } from '../../../../shared/errors.ts';
import type { LogRow } from '../../../../shared/ipc.ts';
import type { ReportState } from '../../../../shared/outbox.ts';
import * as api from '../api.ts';

export const PAGE_SIZE = 100;
/** Reports change in bursts while the outbox drains; the log re-reads at most this often. */
const REFRESH_EVERY_MS = 400;
/** Pages kept in memory; the ones farthest from the viewport go first. */
const MAX_PAGES = 40;

export class OutboxLog {
  #state = $state<ReportState | ''>('');
  #search = $state('');
  #total = $state(0);
  #loaded = $state(false);
  #error = $state<AppErrorData | null>(null);
  #selectedId = $state<string | null>(null);
  /** Bumped when a page arrives: the rows are in a plain Map, too many for deep state. */
  #version = $state(0);
  /** Bumped when any report changes, so an open detail panel re-reads. */
  #changes = $state(0);

  // Plain collections on purpose: one #version bump per arriving page instead of reactivity
  // for every row (tens of thousands while scrolling).
  /* eslint-disable svelte/prefer-svelte-reactivity */
  #pages = new Map<number, LogRow[]>();
  /** Pages read since the last change; others are shown (if kept) but asked for again. */
  #fresh = new Set<number>();
  #inFlight = new Map<number, number>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  #generation = 0;
  #range = { first: 0, last: 0 };
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #lastRefresh = 0;

  get stateFilter(): ReportState | '' { return this.#state; }
  get search(): string { return this.#search; }
  get total(): number { return this.#total; }
  get loaded(): boolean { return this.#loaded; }
  get error(): AppErrorData | null { return this.#error; }
  get selectedId(): string | null { return this.#selectedId; }
  get changes(): number { return this.#changes; }

  /** The row at a position of the current list, or undefined while its page loads. */
  rowAt(index: number): LogRow | undefined {
    void this.#version;
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  select(id: string | null): void {
    this.#selectedId = id;
  }

  /** A new filter or search: a different list, read from its start. */
  setFilter(state: ReportState | '', search: string): void {
    if (state === this.#state && search === this.#search) return;
    this.#state = state;
    this.#search = search;
    this.#pages.clear();
    this.#loaded = false;
    this.#invalidate();
    this.#range = { first: 0, last: 0 };
    this.#fetchRange();
  }

  /** The viewport shows rows first..last: make sure their pages are here. */
  show(first: number, last: number): void {
    this.#range = { first, last };
    this.#fetchRange();
  }

  /** Reports changed in main: re-read what is on screen, at most every REFRESH_EVERY_MS. */
  refresh(): void {
    this.#changes += 1;
    if (this.#refreshTimer) return;
    const wait = Math.max(0, this.#lastRefresh + REFRESH_EVERY_MS - Date.now());
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      this.#lastRefresh = Date.now();
      this.#invalidate();
      const visible = this.#visiblePages();
      for (const page of [...this.#pages.keys()]) if (!visible.includes(page)) this.#pages.delete(page);
      this.#fetchRange();
    }, wait);
  }

  start(): () => void {
    const off = api.onReportsChanged(() => this.refresh());
    this.#fetchRange();
    return () => {
      off();
      if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
      this.#refreshTimer = null;
    };
  }

  #invalidate(): void {
    this.#generation += 1;
    this.#fresh.clear();
    this.#inFlight.clear();
  }

  #evictFarPages(): void {
    if (this.#pages.size <= MAX_PAGES) return;
    const centre = Math.floor(this.#range.first / PAGE_SIZE);
    const far = [...this.#pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of far.slice(0, this.#pages.size - MAX_PAGES)) {
      this.#pages.delete(page);
      this.#fresh.delete(page);
    }
  }

  #visiblePages(): number[] {
    const firstPage = Math.floor(this.#range.first / PAGE_SIZE);
    const lastPage = Math.floor(Math.max(this.#range.first, this.#range.last) / PAGE_SIZE);
    const pages: number[] = [];
    for (let p = firstPage; p <= lastPage; p++) pages.push(p);
    return pages;
  }

  #fetchRange(): void {
    for (const page of this.#visiblePages()) {
      if (this.#fresh.has(page) || this.#inFlight.get(page) === this.#generation) continue;
      void this.#fetchPage(page);
    }
  }

  async #fetchPage(page: number): Promise<void> {
    const generation = this.#generation;
    this.#inFlight.set(page, generation);
    const result = await api.listReports({
      state: this.#state || undefined,
      search: this.#search.trim() || undefined,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    if (generation !== this.#generation) return;
    this.#inFlight.delete(page);
    if (!result.ok) {
      this.#error = result.error;
      return;
    }
    this.#error = null;
    this.#pages.set(page, result.value.rows);
    this.#fresh.add(page);
    this.#evictFarPages();
    this.#total = result.value.total;
    this.#loaded = true;
    this.#version += 1;
  }
}

export const outboxLog = new OutboxLog();
