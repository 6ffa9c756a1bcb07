// The same reserved first line as the libssh2 transport (AgentContracts/ReservedLine): it names
// the command so a second session can end its process group, and carries an approval to an
// enforcer. Plain command text, so it passes through ssh unchanged.
import AgentContracts
import RemoteAccess

enum RemoteProcessMarker {
    static func newID() -> String {
        let digits = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func firstLine(id: String, approval: String?) -> String {
        ReservedLine.exec(id: id, approval: approval).text + "\n"
    }

    static func cancelCommand(id: String) -> String {
        ReservedLine.cancelCommand(id: id)
    }
}
