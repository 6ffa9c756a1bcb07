/// Substring search over UTF-8 bytes, for the policy's checks of paths and arguments.
///
/// Why not `String.contains(_:)` (from `_StringProcessing`): it builds a searcher with a
/// dictionary for every call, and the policy calls it on nearly every word — it was an eighth of
/// the time of a check (perf, `make bench-policy`). Bytes are also what the shell and the kernel
/// compare: a pattern followed by a combining mark still matches here, where a search by
/// `Character` would not see it.
extension StringProtocol {
    func containsText(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pattern in
            if let found = utf8.withContiguousStorageIfAvailable({ Self.find(pattern, in: $0) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { Self.find(pattern, in: $0) }
        }
    }

    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        guard pattern.count <= text.count else { return false }
        var start = 0
        let last = text.count - pattern.count
        while start <= last {
            if text[start] == first {
                var matched = 1
                while matched < pattern.count, text[start + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return true }
            }
            start += 1
        }
        return false
    }
}
