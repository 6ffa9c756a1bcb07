// How both transports keep a command's output: within `maxOutputBytes` per stream, held in
// memory up to `memoryBytes`, the kept part passed to `onOutput`, the rest only counted.

extension CapturedOutput {
    /// Takes the next `bytes` of `stream`. A mutating method, so a caller's stored stream is
    /// changed in place: copying it out and back would copy its whole buffer per chunk.
    public mutating func keep(_ bytes: UnsafeRawBufferPointer, of stream: ExecStream, for request: ExecRequest) {
        let seenBefore = totalBytes
        totalBytes += bytes.count
        let room = max(0, request.maxOutputBytes - seenBefore)
        if room > 0 {
            let kept = bytes.prefix(room)
            let memoryRoom = max(0, request.memoryBytes - self.bytes.count)
            if memoryRoom > 0 { self.bytes.append(contentsOf: kept.prefix(memoryRoom)) }
            if let onOutput = request.onOutput { onOutput(stream, Array(kept)[...]) }
        }
        truncated = totalBytes > request.maxOutputBytes
    }
}
