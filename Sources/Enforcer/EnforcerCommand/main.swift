#if canImport(Glibc)
import Glibc
#endif
import EnforcerCore

// Until the enforcer's run path exists, refuse everything: a half-built enforcer must fail closed.
let message = "ssh-for-agents-enforcer \(EnforcerVersion.current): not built yet; refusing every command\n"
_ = message.utf8CString.withUnsafeBufferPointer { buffer in
    write(2, buffer.baseAddress, buffer.count - 1)
}
exit(77)
