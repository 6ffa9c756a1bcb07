import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the chat to a file descriptor: plain on a pipe, coloured on a terminal (unless
/// `NO_COLOR` is set). Tool calls are one compact line each, their answers one line below.
public actor ConsoleDisplay: ChatDisplay {
    private let sink: any TextSink
    private let color: Bool
    private var midLine = false

    public init(sink: any TextSink, color: Bool) {
        self.sink = sink
        self.color = color
    }

    /// Colour when `descriptor` is a terminal, `TERM` is not "dumb" and `NO_COLOR` is unset.
    public static func wantsColor(descriptor: Int32, environment: [String: String]) -> Bool {
        isatty(descriptor) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public func assistantText(_ piece: String) {
        sink.write(piece)
        midLine = !piece.hasSuffix("\n")
    }

    public func endOfReply() {
        if midLine { sink.write("\n") }
        midLine = false
    }

    public func toolCall(_ line: String) {
        endOfReply()
        sink.write(paint("▸ " + line, code: "36") + "\n")
    }

    public func toolAnswer(_ line: String, isError: Bool) {
        sink.write("  " + paint((isError ? "✗ " : "✓ ") + line, code: isError ? "31" : "32") + "\n")
    }

    public func notice(_ line: String) {
        endOfReply()
        sink.write(paint(line, code: "33") + "\n")
    }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Where display text goes.
public protocol TextSink: Sendable {
    func write(_ text: String)
}

/// A file descriptor (stdout, stderr), written unbuffered so streamed text shows at once.
public struct FileDescriptorSink: TextSink {
    let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// The C `write`, under a name that does not clash with `TextSink.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
