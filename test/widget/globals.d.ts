// Mocha's globals, as web-test-runner provides them in the browser (no @types/mocha installed).
type MochaBody = (this: unknown) => void | Promise<unknown>;
/** `this.timeout(ms)` gives a suite a budget of its own (the config's default is 10 s). */
declare function describe(name: string, body: (this: { timeout(ms: number): void }) => void): void;
declare function it(name: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
