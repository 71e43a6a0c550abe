import type { RopoBridge } from '../../shared/ipc.ts';

declare global {
  interface Window {
    /** The typed bridge the preload (or the preview server's bridge) puts on the window. */
    readonly ropo: RopoBridge;
  }
}

export {};
