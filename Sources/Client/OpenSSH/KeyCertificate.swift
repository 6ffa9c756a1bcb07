// OpenSSH loads `KEY-cert.pub` next to each identity file without being told (ssh(1), -i), so
// a user with a certificate there logs in with it; libssh2 1.10 cannot use certificates, and a
// server that trusts only the certificate's CA refuses the bare key. `auto` looks for the file.
import Foundation

public enum KeyCertificate {
    /// The certificate file ssh would load with the key at `path` ("~/" means $HOME), if it exists.
    public static func next(to path: String, environment: [String: String]) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let key = path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        let certificate = key + "-cert.pub"
        var info = stat()
        guard stat(certificate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return certificate
    }
}
