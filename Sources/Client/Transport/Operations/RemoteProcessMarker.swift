// libssh2 1.10 cannot send the SSH "signal" channel request (libssh2_channel_signal_ex came
// in 1.11; process_startup refuses a second request on a channel: "Channel can not be
// reused"), and sshd does not kill a command whose channel closes (it only closes its pipes).
// So every command gets a harmless first line that (1) names it with a unique id and (2) sets
// an EXIT trap, which keeps bash and dash from exec-ing the last command so the named shell
// stays the leader of the command's process group. To end the command, a helper exec (a
// reserved `cancel` line and a script) finds that shell by its id and signals its whole process
// group: TERM, then KILL.
// That first line is the shared `ReservedLine` (AgentContracts), which also carries approvals
// to a server-side enforcer.
import AgentContracts
import Foundation

enum RemoteProcessMarker {
    /// 16 hex digits, so no id is a prefix of another and the kill script's pattern is exact.
    static func newID() -> String {
        let digits = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The line put in front of the command, with its newline; it carries the human's approval
    /// token, when there is one, to a server-side enforcer.
    static func firstLine(id: String, approval: String?) -> String {
        ReservedLine.exec(id: id, approval: approval).text + "\n"
    }

    /// The helper command that ends the marked command's process group (`ReservedLine.cancelCommand`).
    static func cancelCommand(id: String) -> String {
        ReservedLine.cancelCommand(id: id)
    }
}
