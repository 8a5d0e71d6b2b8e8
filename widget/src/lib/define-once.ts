/** Defines a custom element only if its tag is free: LMS pages often load the same script twice. */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, ctor);
}
