import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-notification-preferences.ts';
import type { EtNotificationPreferences } from '../../widget/src/elements/et-notification-preferences.ts';
import { loadLanguage } from '../../widget/src/lib/strings.ts';

describe('et-notification-preferences', () => {
  it('shows the reader’s settings, with the digest for exercise authors, and passes axe', async () => {
    const el = await fixture<EtNotificationPreferences>(
      html`<et-notification-preferences digest-available .preferences=${{ reply_emails: true, digest: 'weekly' }}></et-notification-preferences>`,
    );
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    const select = el.shadowRoot!.querySelector('select')!;
    expect(box.checked).to.equal(true);
    expect(select.value).to.equal('weekly');
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Email notifications');
    await expect(el).to.be.accessible();
  });

  it('asks to turn reply emails off when the box is unticked', async () => {
    const el = await fixture<EtNotificationPreferences>(html`<et-notification-preferences .preferences=${{ reply_emails: true, digest: 'daily' }}></et-notification-preferences>`);
    expect(el.shadowRoot!.querySelector('select')).to.equal(null);
    setTimeout(() => el.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click());
    const event = await oneEvent(el, 'et-preferences-change-request');
    expect(event.detail).to.deep.equal({ reply_emails: false });
  });

  it('asks for another digest frequency when one is chosen', async () => {
    const el = await fixture<EtNotificationPreferences>(html`<et-notification-preferences digest-available .preferences=${{ reply_emails: true, digest: 'daily' }}></et-notification-preferences>`);
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'off';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    const event = await oneEvent(el, 'et-preferences-change-request');
    expect(event.detail).to.deep.equal({ digest: 'off' });
  });

  it('says what happened to a save, in French when asked, and stays accessible', async () => {
    await loadLanguage('fr');
    const el = await fixture<EtNotificationPreferences>(
      html`<et-notification-preferences lang="fr" digest-available status="failed" error="hors ligne" .preferences=${{ reply_emails: false, digest: 'off' }}></et-notification-preferences>`,
    );
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('Non enregistré : hors ligne');
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Notifications par courriel');
    el.status = 'saving';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
