// The user's ssh config for a target that names a ~/.ssh/config alias. ssh finds "~/.ssh/config"
// through the password database, not $HOME; these includes name $HOME's file (so a test, a
// container or `sudo -H` with a private HOME gets that HOME's config, never another) and then
// the system-wide file, which ssh reads by default but skips under -F.
import Foundation
import RemoteAccess

enum UserSSHConfig {
    static func includes(environment: [String: String]) -> [String] {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return ["Include \"\(home)/.ssh/config\"", "Include /etc/ssh/ssh_config"]
    }

    /// A file of the includes alone, for `ssh -G ALIAS` without a target.
    static func wrapper(in directory: ControlDirectory, environment: [String: String]) throws(SSHError) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let text =
            (["# written by ssh-for-agents for its OpenSSH transport"] + includes(environment: environment))
            .joined(separator: "\n") + "\n"
        // One file per HOME, so processes with different HOMEs sharing the directory do not clash.
        let path =
            directory.sshConfigWrapper + "-"
            + String(home.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }, radix: 16)
        try replace(path, with: text)
        return path
    }

    /// Writes `text` to `path` through a rename (a reader never sees half a file), unless it is there already.
    static func replace(_ path: String, with text: String) throws(SSHError) {
        if (try? String(contentsOfFile: path, encoding: .utf8)) == text { return }
        let temporary = path + ".tmp-" + UUID().uuidString.prefix(8)
        guard
            FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else {
            unlink(temporary)
            throw .connectFailed(host: "localhost", port: 0, reason: "cannot write \(path)")
        }
    }
}
