// What the benchmark and its worker process say to each other.
export interface WorkerProcessConfig {
  address: string;
  dataDir: string;
  bareOutboxDir: string;
  productBundle: string;
  bareBundle: string;
}

export type WorkerRequest = { type: 'memory' } | { type: 'stop' };
export type WorkerReply = { type: 'ready' } | { type: 'memory'; rssBytes: number; heapUsedBytes: number };
