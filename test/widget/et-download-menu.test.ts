import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-download-menu.ts';
import type { EtDownloadMenu } from '../../widget/src/elements/et-download-menu.ts';
import { loadLanguage } from '../../widget/src/lib/strings.ts';

const key = (target: Element, k: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
const button = (el: EtDownloadMenu) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!;
const items = (el: EtDownloadMenu) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];

describe('et-download-menu', () => {
  it('is a menu button named "Download" with one item per format, and passes axe open and closed', async () => {
    const el = await fixture<EtDownloadMenu>(html`<et-download-menu></et-download-menu>`);
    expect(button(el).textContent!.trim()).to.equal('Download');
    expect(button(el).getAttribute('aria-haspopup')).to.equal('menu');
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');
    expect(items(el)).to.have.length(0);
    await expect(el).to.be.accessible();
    button(el).click();
    await el.updateComplete;
    expect(button(el).getAttribute('aria-expanded')).to.equal('true');
    expect(items(el).map((i) => i.textContent)).to.deep.equal(['WebVTT captions (.vtt)', 'Web Annotation, JSON-LD (.jsonld)', 'Spreadsheet, CSV (.csv)']);
    expect(el.shadowRoot!.activeElement).to.equal(items(el)[0]);
    await expect(el).to.be.accessible();
  });

  it('asks for the format clicked, and closes', async () => {
    const el = await fixture<EtDownloadMenu>(html`<et-download-menu></et-download-menu>`);
    button(el).click();
    await el.updateComplete;
    setTimeout(() => items(el)[2]!.click());
    const event = await oneEvent(el, 'et-download-request');
    expect(event.detail).to.deep.equal({ format: 'csv' });
    await el.updateComplete;
    expect(items(el)).to.have.length(0);
  });

  it('works from the keyboard: ArrowUp opens on the last item, arrows wrap, Escape closes and gives focus back', async () => {
    const el = await fixture<EtDownloadMenu>(html`<et-download-menu></et-download-menu>`);
    button(el).focus();
    key(button(el), 'ArrowUp');
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(items(el)[2]);
    key(items(el)[2]!, 'ArrowDown');
    expect(el.shadowRoot!.activeElement).to.equal(items(el)[0]);
    key(items(el)[0]!, 'End');
    expect(el.shadowRoot!.activeElement).to.equal(items(el)[2]);
    key(items(el)[2]!, 'ArrowUp');
    expect(el.shadowRoot!.activeElement).to.equal(items(el)[1]);
    setTimeout(() => items(el)[1]!.click());
    expect((await oneEvent(el, 'et-download-request')).detail).to.deep.equal({ format: 'jsonld' });
    button(el).click();
    await el.updateComplete;
    key(items(el)[0]!, 'Escape');
    await el.updateComplete;
    await el.updateComplete;
    expect(items(el)).to.have.length(0);
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
  });

  it('says it is busy while a download runs, in French when asked', async () => {
    await loadLanguage('fr');
    const el = await fixture<EtDownloadMenu>(html`<et-download-menu lang="fr" busy></et-download-menu>`);
    expect(button(el).textContent!.trim()).to.equal('Téléchargement…');
    expect(button(el).disabled).to.equal(true);
    el.busy = false;
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Télécharger');
    await expect(el).to.be.accessible();
  });
});
