// Mocha's globals, as web-test-runner provides them in the browser (no @types/mocha installed).
type MochaBody = (this: unknown) => void | Promise<unknown>;
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
