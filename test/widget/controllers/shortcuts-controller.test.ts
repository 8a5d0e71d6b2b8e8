import { expect } from '@open-wc/testing';
import { ShortcutsController } from '../../../widget/src/controllers/shortcuts-controller.ts';
import { fakeHost } from '../fixtures/fake-host.ts';

function setup() {
  const host = fakeHost();
  const calls: string[] = [];
  new ShortcutsController(host, {
    togglePlay: () => calls.push('play'),
    step: (d) => calls.push(`step ${d}`),
    markIn: () => calls.push('in'),
    markOut: () => calls.push('out'),
    toggleHelp: () => calls.push('help'),
  });
  const press = (key: string, init: KeyboardEventInit = {}, target: Element = host) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
  return { host, calls, press };
}

describe('ShortcutsController', () => {
  it('steps 1 s with ← and →, 5 s with Shift, and maps the other keys', () => {
    const { host, calls, press } = setup();
    for (const key of ['ArrowRight', 'ArrowLeft']) press(key);
    for (const key of ['ArrowRight', 'ArrowLeft']) press(key, { shiftKey: true });
    for (const key of [' ', 'k', 'i', 'O', '?']) press(key);
    expect(calls).to.deep.equal(['step 1', 'step -1', 'step 5', 'step -5', 'play', 'play', 'in', 'out', 'help']);
    host.remove();
  });

  it('leaves text fields, modified keys and handled events alone', () => {
    const { host, calls, press } = setup();
    const field = document.createElement('textarea');
    host.append(field);
    press('k', {}, field);
    press('ArrowLeft', { ctrlKey: true });
    const handled = new KeyboardEvent('keydown', { key: 'k', bubbles: true, cancelable: true });
    handled.preventDefault();
    host.dispatchEvent(handled);
    const button = document.createElement('button');
    host.append(button);
    press(' ', {}, button);
    expect(calls).to.deep.equal([]);
    host.remove();
  });

  it('stops listening when disconnected, and listens again when connected', () => {
    const { host, calls, press } = setup();
    host.remove();
    press('k');
    expect(calls).to.deep.equal([]);
    document.body.append(host);
    press('k');
    expect(calls).to.deep.equal(['play']);
    host.remove();
  });

  it('maps the practice keys by KeyboardEvent.key when they are given, and leaves them alone when not', () => {
    const { host, calls, press } = setup();
    for (const key of ['l', 'M', '<', '>', ',', '.']) press(key);
    expect(calls).to.deep.equal([], 'no practice actions: the keys pass through');
    host.remove();

    const practiced = fakeHost();
    const done: string[] = [];
    new ShortcutsController(practiced, {
      togglePlay: () => done.push('play'),
      step: () => done.push('step'),
      markIn: () => done.push('in'),
      markOut: () => done.push('out'),
      toggleHelp: () => done.push('help'),
      toggleLoop: () => done.push('loop'),
      slower: () => done.push('slower'),
      faster: () => done.push('faster'),
      stepFrame: (d) => done.push(`frame ${d}`),
      toggleMirror: () => done.push('mirror'),
    });
    const events = ['L', 'l', '<', '>', ',', '.', 'm', 'M'].map((key) => {
      const e = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true });
      practiced.dispatchEvent(e);
      return e.defaultPrevented;
    });
    expect(done).to.deep.equal(['loop', 'loop', 'slower', 'faster', 'frame -1', 'frame 1', 'mirror', 'mirror']);
    expect(events.every(Boolean)).to.equal(true);
    const field = document.createElement('input');
    practiced.append(field);
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'm', bubbles: true, composed: true, cancelable: true }));
    expect(done.length).to.equal(8, 'never while typing');
    practiced.remove();
  });
});
