#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A moment in the audit trail, to the second, in UTC.
///
/// Kept as its `YYYY-MM-DDTHH:MM:SS` text: for UTC times that text sorts chronologically, and the
/// enforcer writes every record's `time` in exactly that form followed by `Z`. So filtering a
/// large log by `--since` compares a few bytes per record instead of parsing a date; only a time
/// written with an offset (another writer) is parsed and converted.
public struct AuditTime: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// `YYYY-MM-DDTHH:MM:SS`, UTC.
    public let sortKey: String

    public init(_ date: Date) {
        self.init(sortKey: String(date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)).prefix(Self.keyLength)))
    }

    private init(sortKey: String) {
        self.sortKey = sortKey
    }

    public static var now: AuditTime { AuditTime(Date.now) }

    /// A record's `time` field, or nil when it is not an RFC 3339 time.
    public init?(rfc3339 text: String) {
        if Self.isUTCForm(text) {
            self.init(sortKey: String(text.prefix(Self.keyLength)))
            return
        }
        guard let date = Self.parse(text) else { return nil }
        self.init(date)
    }

    /// `--since`'s value: a duration back from `now` (`45s`, `30m`, `1h`, `2d`, `1w`) or an RFC
    /// 3339 time.
    public static func since(_ text: String, now: AuditTime) -> AuditTime? {
        if let unit = text.last, let seconds = secondsPerUnit[unit], let count = Int(text.dropLast()), count >= 0,
            let nowDate = parse(now.sortKey + "Z")
        {
            return AuditTime(nowDate.addingTimeInterval(-Double(count) * seconds))
        }
        return AuditTime(rfc3339: text)
    }

    public var description: String { sortKey + "Z" }

    public static func < (lhs: AuditTime, rhs: AuditTime) -> Bool { lhs.sortKey < rhs.sortKey }

    private static let keyLength = 19
    private static let secondsPerUnit: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]

    /// `YYYY-MM-DDTHH:MM:SS` then `Z` or a fraction and `Z`: the form whose prefix is the key.
    private static func isUTCForm(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return false }
        for (index, byte) in bytes.prefix(keyLength).enumerated() {
            switch index {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return false }
            case 10: guard byte == UInt8(ascii: "T") else { return false }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return false }
            default: guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            }
        }
        if bytes.count == 20 { return true }
        return bytes[keyLength] == UInt8(ascii: ".")
            && bytes[(keyLength + 1)..<(bytes.count - 1)].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
