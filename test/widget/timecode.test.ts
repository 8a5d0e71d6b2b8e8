import { expect } from '@open-wc/testing';
import { formatSpan, formatTimecode } from '../../widget/src/lib/timecode.ts';

describe('timecode', () => {
  it('shows tenths below and above an hour, truncated, never negative or NaN', () => {
    expect(formatTimecode(0)).to.equal('00:00.0');
    expect(formatTimecode(1.04)).to.equal('00:01.0');
    expect(formatTimecode(1.96)).to.equal('00:01.9');
    expect(formatTimecode(2.3)).to.equal('00:02.3');
    expect(formatTimecode(59.99)).to.equal('00:59.9');
    expect(formatTimecode(83.25)).to.equal('01:23.2');
    expect(formatTimecode(3600)).to.equal('1:00:00.0');
    expect(formatTimecode(3723.45)).to.equal('1:02:03.4');
    expect(formatTimecode(-3)).to.equal('00:00.0');
    expect(formatTimecode(Number.NaN)).to.equal('00:00.0');
  });

  it('tells apart two moments 0.4 s apart, and writes ranges start–end', () => {
    expect(formatTimecode(10)).to.not.equal(formatTimecode(10.4));
    expect(formatSpan(1, 3.5)).to.equal('00:01.0–00:03.5');
    expect(formatSpan(1, 1)).to.equal('00:01.0');
    expect(formatSpan(1, null)).to.equal('00:01.0');
  });
});
