/// Path tests on the bytes of a path, without building strings: they run for every path-like
/// word of every command (`make bench-policy`).
extension String {
    /// `self` is `directory` or inside it (`/etc` → `/etc`, `/etc/x`; not `/etcetera`).
    func isSelfOrInside(_ directory: String) -> Bool {
        guard hasPrefix(directory) else { return false }
        let rest = utf8.dropFirst(directory.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    /// The last non-empty `/`-separated component (`a/b/` → `b`), or the whole text if there is none
    /// — what `split(separator: "/").last` gives, without the array.
    var lastPathComponent: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == "/" { end = index(before: end) }
        guard end > startIndex else { return self[...] }
        let start = self[..<end].lastIndex(of: "/").map { index(after: $0) } ?? startIndex
        return self[start..<end]
    }

    /// An absolute path with no empty, `.` or `..` component and no trailing slash (or `/` itself):
    /// what `PathFacts.normalise` would return unchanged.
    var isNormalAbsolutePath: Bool {
        let bytes = utf8
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        if bytes.last == UInt8(ascii: "/") { return false }
        var componentLength = 0
        var dots = 0
        for byte in bytes.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || componentLength == dots && dots <= 2 { return false }
                componentLength = 0
                dots = 0
            } else {
                componentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return !(componentLength == dots && dots <= 2)
    }
}
