/**
 * Collects the bytes of one Server API command: everything up to the first zero byte, in however
 * many chunks it arrives. Bytes are kept as bytes and decoded only once the frame is whole, so a
 * multi-byte UTF-8 character split across chunks is read correctly.
 */

export type FrameProgress =
  | { readonly state: 'incomplete' }
  | { readonly state: 'complete'; readonly body: Buffer }
  /** The limit passed with no zero byte in sight: the sender is not speaking the protocol. */
  | { readonly state: 'oversized' };

const ZERO_BYTE = 0;

export class ZeroByteFrame {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): FrameProgress {
    const end = chunk.indexOf(ZERO_BYTE);
    const part = end === -1 ? chunk : chunk.subarray(0, end);
    this.size += part.length;
    if (this.size > this.maxBytes) return { state: 'oversized' };
    this.chunks.push(part);
    if (end === -1) return { state: 'incomplete' };
    return { state: 'complete', body: Buffer.concat(this.chunks, this.size) };
  }
}
