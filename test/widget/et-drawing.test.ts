import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-composer.ts';
import '../../widget/src/elements/et-drawing-editor.ts';
import '../../widget/src/elements/et-drawing-overlay.ts';
import type { EtComposer } from '../../widget/src/elements/et-composer.ts';
import { simplifyStroke, type EtDrawingEditor } from '../../widget/src/elements/et-drawing-editor.ts';
import type { EtDrawingOverlay } from '../../widget/src/elements/et-drawing-overlay.ts';
import { drawingsAt } from '../../widget/src/lib/drawing.ts';
import type { Drawing } from '../../widget/src/lib/types.ts';
import { comment } from './fixtures/comments.ts';

const ARROW: Drawing = { shapes: [{ type: 'arrow', colour: 'red', points: [[0.1, 0.2], [0.5, 0.5]] }] };
const button = (root: ShadowRoot, name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;

/** A drag on the editor's canvas between fractions of its box (16:9 box, 16:9 picture: no letterbox). */
function drag(el: EtDrawingEditor, from: [number, number], to: [number, number]): void {
  const svg = el.shadowRoot!.querySelector('svg')!;
  const r = svg.getBoundingClientRect();
  const at = ([x, y]: [number, number]) => ({ clientX: r.left + x * r.width, clientY: r.top + y * r.height, pointerId: 1, button: 0, bubbles: true });
  svg.dispatchEvent(new PointerEvent('pointerdown', at(from)));
  svg.dispatchEvent(new PointerEvent('pointermove', at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2])));
  svg.dispatchEvent(new PointerEvent('pointerup', at(to)));
}

describe('drawing on the frame', () => {
  it('the composer asks for the editor, and sends the saved drawing with the comment', async () => {
    const el = await fixture<EtComposer>(html`<et-composer .currentTime=${12}></et-composer>`);
    setTimeout(() => button(el.shadowRoot!, 'Draw').click());
    await oneEvent(el, 'et-draw-request');
    el.attachDrawing(ARROW);
    el.currentTime = 20;
    await el.updateComplete;
    // The comment stays at the drawn frame.
    expect(el.shadowRoot!.querySelector('label')!.textContent!.trim()).to.equal('Comment at 00:12.0');
    expect(el.shadowRoot!.textContent).to.include('Drawing attached');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector('textarea')!.value = 'Elbow';
    el.shadowRoot!.querySelector('textarea')!.dispatchEvent(new InputEvent('input'));
    setTimeout(() => el.submit());
    const sent = await oneEvent(el, 'et-submit-request');
    expect(sent.detail).to.deep.equal({ body: 'Elbow', t_start: 12, t_end: null, parent_id: null, drawing: ARROW });
    await el.updateComplete;
    expect(el.drawing).to.equal(null);
    expect(el.shadowRoot!.textContent).not.to.include('Drawing attached');
  });

  it('the editor draws the chosen shape in the chosen colour, in fractions of the frame, and saves it', async () => {
    const el = await fixture<EtDrawingEditor>(html`<div style="position: relative; width: 640px; height: 360px"><et-drawing-editor .aspect=${16 / 9}></et-drawing-editor></div>`).then((d) => d.querySelector('et-drawing-editor')!);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(button(root, 'Arrow').getAttribute('aria-pressed')).to.equal('true');
    button(root, 'Rectangle').click();
    const select = root.querySelector('select')!;
    select.value = 'blue';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(button(root, 'Rectangle').getAttribute('aria-pressed')).to.equal('true');
    drag(el, [0.25, 0.25], [0.75, 0.5]);
    drag(el, [0.5, 0.5], [0.5, 0.5]); // a click draws nothing
    await el.updateComplete;
    await expect(el).to.be.accessible();
    setTimeout(() => button(root, 'Save drawing').click());
    const saved = await oneEvent(el, 'et-drawing-save');
    expect(saved.detail.drawing).to.deep.equal({ shapes: [{ type: 'rectangle', colour: 'blue', points: [[0.25, 0.25], [0.75, 0.5]] }] });
  });

  it('draws from the keyboard: arrows move the pen, Enter puts it down and lifts it', async () => {
    const el = await fixture<EtDrawingEditor>(html`<div style="position: relative; width: 640px; height: 360px"><et-drawing-editor></et-drawing-editor></div>`).then((d) => d.querySelector('et-drawing-editor')!);
    await el.updateComplete;
    button(el.shadowRoot!, 'Line').click();
    const canvas = el.shadowRoot!.querySelector('svg')!;
    canvas.focus();
    const press = (key: string, shiftKey = false) => canvas.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true }));
    press('Enter');
    for (let i = 0; i < 3; i++) press('ArrowRight', true);
    press('ArrowDown');
    press('Enter');
    await el.updateComplete;
    expect(el.shapes).to.deep.equal([{ type: 'line', colour: 'yellow', points: [[0.5, 0.5], [0.65, 0.51]] }]);
    expect(canvas.querySelector('circle.pen')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('undo removes the last shape; Escape cancels without letting the player’s keys through', async () => {
    const el = await fixture<EtDrawingEditor>(html`<div style="position: relative; width: 640px; height: 360px"><et-drawing-editor .drawing=${ARROW}></et-drawing-editor></div>`).then((d) => d.querySelector('et-drawing-editor')!);
    await el.updateComplete;
    expect(el.shapes.length).to.equal(1);
    button(el.shadowRoot!, 'Undo').click();
    expect(el.shapes.length).to.equal(0);
    let leaked = false;
    el.parentElement!.addEventListener('keydown', () => (leaked = true));
    setTimeout(() => button(el.shadowRoot!, 'Arrow').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true })));
    await oneEvent(el, 'et-drawing-cancel');
    expect(leaked).to.equal(false);
  });

  it('the overlay shows each drawing as an image named by its comment’s text', async () => {
    const el = await fixture<EtDrawingOverlay>(html`<et-drawing-overlay .drawings=${[{ id: 'c1', label: 'Hip', drawing: ARROW }]}></et-drawing-overlay>`);
    const svg = el.shadowRoot!.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('Hip');
    expect(svg.getAttribute('viewBox')).to.equal(`0 0 ${16 / 9} 1`);
    expect(svg.querySelectorAll('path').length).to.equal(2); // the halo and the stroke
  });

  it('a drawing shows inside its comment’s range, or while the comment is focused', () => {
    const range = comment({ id: 'r', t_start: 2, t_end: 4, drawing: ARROW });
    const point = comment({ id: 'p', t_start: 10, t_end: 10, drawing: ARROW });
    const plain = comment({ id: 'x', t_start: 2, t_end: 4 });
    const ids = (t: number, focused: string | null = null) => drawingsAt([range, point, plain], t, focused).map((d) => d.id);
    expect(ids(3)).to.deep.equal(['r']);
    expect(ids(4.5)).to.deep.equal([]);
    expect(ids(1)).to.deep.equal([]);
    expect(ids(10.5)).to.deep.equal(['p']);
    expect(ids(12)).to.deep.equal([]);
    expect(ids(12, 'r')).to.deep.equal(['r']);
    expect(drawingsAt([{ ...range, deleted: true }], 3, 'r')).to.deep.equal([]);
  });

  it('a freehand stroke keeps only the points its shape needs', () => {
    const straight = Array.from({ length: 100 }, (_, i) => [i / 100, 0.5 + (i % 2) * 0.0005] as [number, number]);
    expect(simplifyStroke(straight, 0.002, 1)).to.deep.equal([straight[0], straight[99]]);
    const at = (v: number) => Math.round(v * 100) / 100;
    const corner: [number, number][] = [...Array.from({ length: 51 }, (_, i) => [at(0.1 + i / 100), 0.1] as [number, number]), ...Array.from({ length: 50 }, (_, i) => [0.6, at(0.1 + (i + 1) / 100)] as [number, number])];
    expect(simplifyStroke(corner, 0.002, 1)).to.deep.equal([[0.1, 0.1], [0.6, 0.1], [0.6, 0.6]]);
  });
});
