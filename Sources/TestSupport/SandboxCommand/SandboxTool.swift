import ArgumentParser

/// `ssh-for-agents-sandbox`: runs the private test sshd outside of XCTest, for the demo and the
/// benchmark scripts, which start `up` in the background and read its ready file.
@main
struct SandboxTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-for-agents-sandbox",
        abstract: "Run a private OpenSSH server on 127.0.0.1 with throwaway keys.",
        subcommands: [Up.self])
}
