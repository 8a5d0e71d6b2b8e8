declare module 'webvtt-parser' {
  export interface VttNode {
    type: 'object' | 'text' | 'timestamp';
    name?: string;
    value?: string;
    classes?: string[];
    children?: VttNode[];
  }
  export interface VttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: VttNode[] };
  }
  export interface VttError {
    message: string;
    line: number;
    col?: number;
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'subtitles/captions/descriptions' | 'metadata' | 'chapters'): { cues: VttCue[]; errors: VttError[]; time: number };
  }
  // A CommonJS module that assigns its classes at run time: only its default import is seen by ESM.
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
