// The config file for a target that names a ~/.ssh/config alias. ssh finds "~/.ssh/config"
// through the password database, not $HOME; this wrapper includes $HOME's file (so a test, a
// container or `sudo -H` with a private HOME gets that HOME's config, never another) and then
// the system-wide file, which ssh reads by default but skips under -F.
import Foundation
import RemoteAccess

enum UserSSHConfig {
    static func wrapper(in directory: ControlDirectory, environment: [String: String]) throws(SSHError) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let text =
            "# written by ssh-for-agents for its OpenSSH transport\nInclude \"\(home)/.ssh/config\"\nInclude /etc/ssh/ssh_config\n"
        // One file per HOME, so processes with different HOMEs sharing the directory do not clash.
        let path =
            directory.sshConfigWrapper + "-"
            + String(home.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }, radix: 16)
        if (try? String(contentsOfFile: path, encoding: .utf8)) == text { return path }
        let temporary = path + ".tmp-" + UUID().uuidString.prefix(8)
        guard
            FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else {
            unlink(temporary)
            throw .connectFailed(host: "localhost", port: 0, reason: "cannot write \(path)")
        }
        return path
    }
}
