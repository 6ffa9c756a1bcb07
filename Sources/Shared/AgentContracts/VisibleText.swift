/// Text shown to a human (a confirmation prompt) or written for one (the audit trail) must not be
/// able to pass for other text: a carriage return or `ESC[2K` can overwrite what was shown, and a
/// right-to-left override (U+202E) can reverse it. `VisibleText` spells every such character out.
public struct VisibleText: Sendable, Equatable {
    /// The text with each invisible or control character written as `\x1b` / `\u{202E}`.
    public let text: String
    /// How many characters were spelled out (0: the text is shown exactly as it is).
    public let escapedCount: Int
    /// The distinct spellings used, in order of first appearance (`\x0d`, `\u{202E}`), so a
    /// warning can name them: a command may also hold such a spelling as plain text.
    public let escapedSpellings: [String]

    /// `keepNewlines`: a line feed stays a line break (a multi-line command stays readable);
    /// every other control character is spelled out.
    public init(_ raw: String, keepNewlines: Bool = true) {
        var out = ""
        var count = 0
        var spellings: [String] = []
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            if scalar == "\n" && keepNewlines {
                out.unicodeScalars.append(scalar)
            } else if Self.mustEscape(scalar) {
                count += 1
                let spelling = Self.spelled(scalar)
                if !spellings.contains(spelling) { spellings.append(spelling) }
                out += spelling
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        text = out
        escapedCount = count
        escapedSpellings = spellings
    }

    /// The text, capped at `maxBytes` UTF-8 bytes (cut on a character boundary), and whether it was cut.
    public func capped(_ maxBytes: Int) -> (text: String, truncated: Bool) {
        guard text.utf8.count > maxBytes else { return (text, false) }
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > maxBytes { break }
            kept.append(character)
            used += size
        }
        return (kept, true)
    }

    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true // C0, DEL, C1 (including the 8-bit CSI 0x9B)
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true // bidirectional controls
        case 0x200B...0x200D, 0x2060, 0xFEFF: true // zero-width characters
        case 0x2028, 0x2029: true // line and paragraph separators
        default: false
        }
    }

    static func spelled(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 { return "\\x" + (hex.count == 1 ? "0" : "") + hex }
        return "\\u{" + hex.uppercased() + "}"
    }
}
