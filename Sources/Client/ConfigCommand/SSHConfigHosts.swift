import Foundation

/// The `Host` names an OpenSSH client configuration declares, following `Include` as ssh does
/// (globs; relative paths from `~/.ssh`). Only the names are read here: what each name resolves
/// to is asked of `ssh -G`, so `Match`, defaults and `%h` tokens mean exactly what they mean to
/// OpenSSH.
struct SSHConfigHosts {
    /// A concrete name (`web`, `db.internal`) or a pattern that names no single host.
    enum Pattern: Equatable {
        case concrete(String)
        /// `*.corp`, `!bastion`, `*`: matches hosts, names none.
        case pattern(String)
    }

    let homeDirectory: String

    /// The `Host` patterns of `path` and what it includes, in file order, each once.
    func patterns(in path: String) throws -> [Pattern] {
        var seen = Set<String>()
        var result: [Pattern] = []
        try collect(path, depth: 0) { word in
            guard seen.insert(word).inserted else { return }
            let isPattern = word.contains(where: { "*?".contains($0) }) || word.hasPrefix("!")
            result.append(isPattern ? .pattern(word) : .concrete(word))
        }
        return result
    }

    private func collect(_ path: String, depth: Int, _ found: (String) -> Void) throws {
        // ssh itself stops at 16 levels of Include.
        guard depth < 16 else { throw Refusal("\(path): Include nested more than 16 levels deep") }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            if depth == 0 { throw Refusal("cannot read \(path): \((error as NSError).localizedDescription)") }
            return // ssh skips an included file it cannot read
        }
        for line in text.split(whereSeparator: \.isNewline) {
            let words = Self.words(String(line))
            guard let keyword = words.first?.lowercased() else { continue }
            switch keyword {
            case "host":
                words.dropFirst().forEach(found)
            case "include":
                for pattern in words.dropFirst() {
                    for included in expand(pattern) { try collect(included, depth: depth + 1, found) }
                }
            default:
                continue
            }
        }
    }

    /// An Include argument as ssh reads it: `~` is the home, a relative path is under `~/.ssh`,
    /// and a glob matches files in sorted order.
    private func expand(_ pattern: String) -> [String] {
        var path = pattern
        if path.hasPrefix("~/") { path = homeDirectory + path.dropFirst(1) }
        if !path.hasPrefix("/") { path = homeDirectory + "/.ssh/" + path }
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(path, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// A config line's words: `Keyword value…` or `Keyword=value`, double quotes grouping, `#`
    /// starting a comment.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                started = true
                continue
            }
            if !quoted, character == "#", !started { break } // a comment starts where a word would
            if !quoted, character.isWhitespace || (character == "=" && words.isEmpty) {
                if started {
                    words.append(current)
                    current = ""
                    started = false
                }
                continue
            }
            current.append(character)
            started = true
        }
        if started { words.append(current) }
        return words
    }
}
