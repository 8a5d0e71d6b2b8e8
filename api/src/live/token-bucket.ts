/**
 * A per-socket budget of incoming messages. A socket lives in one process for its whole life,
 * so its budget needs no shared store: two numbers per socket are the whole cost.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number = perSecond,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Spends one token if there is one. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next token. */
  retryAfterSeconds(): number {
    if (this.perSecond <= 0) return 60;
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}
