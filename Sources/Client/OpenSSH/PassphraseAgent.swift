// A passphrase-protected key without BatchMode's prompt ban being lifted: a private ssh-agent,
// alive only while the master authenticates, gets the key from ssh-add, which reads the
// passphrase through SSH_ASKPASS. The askpass helper prints the value of the environment
// variable hosts.json names (`passphrase_env`); only that variable's *name* is written down
// (in the helper's environment), so the passphrase never touches disk, argv or a log.
import Foundation
import RemoteAccess

final class PassphraseAgent {
    let socket: String
    private let agent: SpawnedProcess

    /// Starts the agent and adds the key; throws the libssh2 transport's errors for a missing
    /// variable or a wrong passphrase.
    init(key: String, variable: String, directory: ControlDirectory) throws(SSHError) {
        let environment = ProcessInfo.processInfo.environment
        guard environment[variable] != nil else { throw .passphraseVariableUnset(variable: variable, path: key) }
        try Self.writeAskpassHelper(directory.askpassHelper)
        socket = directory.path + "/agent-" + UUID().uuidString.prefix(8)
        do {
            // Only ssh-add (through the askpass helper) sees the passphrase variable.
            agent = try SpawnedProcess(
                [SSHArguments.sshAgent, "-D", "-a", socket], environment: environment.filter { $0.key != variable })
        } catch {
            throw .agentUnavailable(reason: "cannot start ssh-agent: \(error.reason)")
        }
        // ssh-agent -D prints its settings once the socket is listening.
        let deadline = ContinuousClock.now + .seconds(5)
        while !FileManager.default.fileExists(atPath: socket), ContinuousClock.now < deadline { usleep(5_000) }
        var addEnvironment = environment
        addEnvironment["SSH_AUTH_SOCK"] = socket
        addEnvironment["SSH_ASKPASS"] = directory.askpassHelper
        addEnvironment["SSH_ASKPASS_REQUIRE"] = "force"
        addEnvironment["SFA_ASKPASS_VARIABLE"] = variable
        addEnvironment["DISPLAY"] = addEnvironment["DISPLAY"] ?? ":0"
        let added: (status: Int32, stdout: [UInt8], stderr: [UInt8])
        do {
            added = try SpawnedProcess.run([SSHArguments.sshAdd, "-q", "--", key], environment: addEnvironment)
        } catch {
            stop()
            throw .agentUnavailable(reason: "cannot run ssh-add: \(error.reason)")
        }
        if added.status != 0 {
            let said = String(decoding: added.stderr, as: UTF8.self)
            stop()
            if said.contains("No such file") { throw .privateKeyMissing(path: key) }
            if said.contains("Permission denied") { throw .privateKeyUnreadable(path: key, reason: "permission denied") }
            if said.contains("invalid format") || said.contains("Error loading key") {
                throw .privateKeyInvalid(path: key, reason: said.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            throw .wrongPassphrase(path: key, variable: variable)
        }
    }

    deinit { stop() }

    func stop() {
        agent.signal(SIGTERM)
        _ = agent.waitForExit()
        unlink(socket)
    }

    /// ssh-add asks again after a wrong passphrase ("Bad passphrase, try again"); answering
    /// that with nothing ends its loop instead of repeating the same wrong value forever.
    private static func writeAskpassHelper(_ path: String) throws(SSHError) {
        let script = """
            #!/bin/sh
            # ssh-for-agents: prints the passphrase from the variable named in SFA_ASKPASS_VARIABLE.
            case "$1" in *"Bad passphrase"*) exit 1 ;; esac
            exec printenv -- "$SFA_ASKPASS_VARIABLE"

            """
        if (try? String(contentsOfFile: path, encoding: .utf8)) == script { return }
        let temporary = path + ".tmp-" + UUID().uuidString.prefix(8)
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700]),
            rename(temporary, path) == 0
        else {
            unlink(temporary)
            throw .agentUnavailable(reason: "cannot write the askpass helper \(path)")
        }
    }
}
