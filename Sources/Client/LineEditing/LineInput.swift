/// What one read of a line gave.
public enum LineInput: Sendable, Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C while the line was being typed: the caller discards it.
    case interrupted
    /// The input ended (Ctrl-D on an empty line, or end of file).
    case end
}
