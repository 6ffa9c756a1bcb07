/// Settings that name a command, passed through whatever program takes them: ssh's
/// `ProxyCommand`/`LocalCommand` handed on by tools that start ssh (`check_by_ssh -o
/// "ProxyCommand …"`, `sshfs -o ssh_command=…`), and D-Bus `unixexec:` addresses, which make
/// any D-Bus client (`busctl --address=unixexec:path=/bin/sh,…`, `dbus-send`, `gdbus`) start
/// a program. ssh, scp and sftp read their own `-o` options (`Launchers.sshOptions`).
enum CommandSettings {
    /// Setting keys (lower case) whose value is a command line.
    static let commandKeys: [String] = ["proxycommand", "localcommand", "knownhostscommand", "ssh_command", "sshfs_command"]

    static func launches(in invocation: Invocation) -> [Launch] {
        if ["ssh", "scp", "sftp"].contains(invocation.program) { return [] }
        var launches: [Launch] = []
        for word in invocation.words {
            let text = word.text
            // Most words hold neither a setting nor an address: every key ends in "ommand", and a
            // byte scan for it (or for `unixexec:`) rules them out without copying the word.
            guard text.utf8.count > 12, Self.mentions(text, "ommand") || Self.mentions(text, "unixexec:") else { continue }
            if let address = text.firstRange(of: "unixexec:") {
                launches += unixexec(String(text[address.upperBound...]))
                continue
            }
            launches += settings(in: text, program: invocation.program)
        }
        return launches
    }

    /// `ProxyCommand CMD`, `ProxyCommand=CMD`, or a comma list of mount options with
    /// `ssh_command=CMD` in it.
    private static func settings(in text: String, program: String) -> [Launch] {
        let lower = text.lowercased()
        guard lower.count == text.count else { return [] }
        var launches: [Launch] = []
        for key in commandKeys where lower.containsText(key) {
            var searchStart = lower.startIndex
            while let range = lower[searchStart...].firstRange(of: key) {
                searchStart = range.upperBound
                // The key starts the word or a comma-separated item (`reconnect,ssh_command=…`).
                guard range.lowerBound == lower.startIndex || [",", "="].contains(lower[lower.index(before: range.lowerBound)])
                else { continue }
                guard range.upperBound < lower.endIndex, [" ", "="].contains(lower[range.upperBound]) else { continue }
                let valueStart = text.index(
                    text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: range.upperBound))
                var value = text[text.index(after: valueStart)...].drop { $0 == " " || $0 == "=" }
                // In a comma list the value ends at the next item; an ssh option runs to the end.
                if range.lowerBound != lower.startIndex, let comma = value.firstIndex(of: ",") { value = value[..<comma] }
                if value.lowercased() == "none" || value.isEmpty { continue }
                launches.append(.code(String(value), origin: "\(program) \(key) setting"))
            }
        }
        return launches
    }

    /// `unixexec:path=/bin/sh,argv1=-c,argv2=…`: D-Bus starts `path` with the argvN words
    /// (percent-escaped), argv0 being only the name it is given.
    private static func unixexec(_ address: String) -> [Launch] {
        var path: String?
        var arguments: [(Int, String)] = []
        for pair in address.prefix(while: { $0 != ";" }).split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let key = pair[..<equals]
            let value = percentDecoded(String(pair[pair.index(after: equals)...]))
            if key == "path" { path = value }
            if key.hasPrefix("argv"), let number = Int(key.dropFirst(4)), number > 0 { arguments.append((number, value)) }
        }
        guard let path else { return [] }
        let words = [Word(text: path)] + arguments.sorted { $0.0 < $1.0 }.map { Word(text: $0.1) }
        return [.command(words, [])]
    }

    static func mentions(_ text: String, _ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var utf8 = text.utf8[...]
        while let start = utf8.firstIndex(of: pattern[0]) {
            if utf8[start...].starts(with: pattern) { return true }
            utf8 = utf8[utf8.index(after: start)...]
        }
        return false
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
